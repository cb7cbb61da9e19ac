package io.paramavg.worker.updater;

import io.paramavg.worker.backprop.DenseNetwork;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.testing.Generated;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stepping on the network's own gradient view changes DL4J's bookkeeping, never its arithmetic. */
class OwnGradientUpdaterTest {

    @Test
    void theFactorysNetworkStepsBitForBitAsDl4jsOwnUpdater() {
        for (ModelConfig.Updater kind : new ModelConfig.Updater[] {ModelConfig.Updater.SGD,
                ModelConfig.Updater.NESTEROVS}) {
            ModelConfig model = Generated.model(kind, 0.05);
            // The same network class (so the same forward and backward pass), with DL4J's own updater.
            MultiLayerNetwork stock = new DenseNetwork(NetworkFactory.configuration(model, 16, 3, 5));
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

    @Test
    void takesTheReshapedGradientOfItsOwnNetworkForItsOwnView() {
        MultiLayerNetwork network = NetworkFactory.build(Generated.model(ModelConfig.Updater.ADAM, 0.01), 16, 3, 5);
        network.fit(Nd4j.rand(DataType.FLOAT, 8, 16), Nd4j.eye(3).castTo(DataType.FLOAT).getRows(0, 1, 2, 0, 1, 2, 0, 1));
        INDArray own = ((OwnGradientUpdater) network.getUpdater()).getFlattenedGradientsView();
        // What DL4J's solver hands the updater: a reshape on a new view buffer over the same memory.
        INDArray given = network.gradient().gradient();
        assertNotSame(own.data(), given.data(), "the case this pins: DL4J wraps the same memory in a new buffer");
        assertTrue(OwnGradientUpdater.isOwnGradient(given, own));
        assertFalse(OwnGradientUpdater.isOwnGradient(given.dup(), own), "a copy is another network's gradient");
        assertFalse(OwnGradientUpdater.isOwnGradient(own.reshape(own.length()).get(NDArrayIndex.interval(1, own.length())),
                own), "a part is not the whole");
    }
}
