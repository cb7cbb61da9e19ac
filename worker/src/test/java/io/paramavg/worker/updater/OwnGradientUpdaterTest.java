package io.paramavg.worker.updater;

import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.testing.Generated;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stepping on the network's own gradient view changes DL4J's bookkeeping, never its arithmetic. */
class OwnGradientUpdaterTest {

    @Test
    void theFactorysNetworkStepsBitForBitAsDl4jsOwnUpdater() {
        for (ModelConfig.Updater kind : new ModelConfig.Updater[] {ModelConfig.Updater.SGD,
                ModelConfig.Updater.NESTEROVS}) {
            ModelConfig model = Generated.model(kind, 0.05);
            MultiLayerNetwork stock = new MultiLayerNetwork(NetworkFactory.configuration(model, 16, 3, 5));
            stock.init();
            MultiLayerNetwork ours = NetworkFactory.build(model, 16, 3, 5);
            assertInstanceOf(OwnGradientUpdater.class, ours.getUpdater());
            Nd4j.getRandom().setSeed(11);
            for (int step = 0; step < 20; step++) {
                INDArray features = Nd4j.rand(DataType.FLOAT, 8, 16);
                INDArray labels = Nd4j.eye(3).castTo(DataType.FLOAT).getRows(step % 3, (step + 1) % 3, step % 3,
                        2, 0, 1, (step + 2) % 3, 1);
                stock.fit(features, labels);
                ours.fit(features, labels);
            }
            assertArrayEquals(stock.params().toFloatVector(), ours.params().toFloatVector(), kind.toString());
            if (kind != ModelConfig.Updater.SGD) {
                assertArrayEquals(stock.getUpdater().getStateViewArray().toFloatVector(),
                        ours.getUpdater().getStateViewArray().toFloatVector(), kind.toString());
            }
            INDArray start = NetworkFactory.build(model, 16, 3, 5).params();
            assertTrue(start.distance2(ours.params()) > 1e-3, "the steps must have moved the parameters");
        }
    }
}
