package io.paramavg.worker.backprop;

import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.testing.Generated;
import io.paramavg.worker.train.Minibatches;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's pass against DL4J's own on the same network, parameters and minibatch: the gradient
 * DL4J's updater would receive and the score, for every activation the kernel covers.
 */
class DenseBackpropTest {
    private static final ModelConfig.Activation[] DL4J_ONLY = {ModelConfig.Activation.GELU};

    @ParameterizedTest
    @EnumSource(ModelConfig.Activation.class)
    void gradientAndScoreEqualDl4jsOwnPassToRounding(ModelConfig.Activation activation) {
        ModelConfig model = new ModelConfig(new int[] {64, 32}, activation, 0, 0,
                ModelConfig.WeightInit.XAVIER, ModelConfig.Updater.ADAM, 0.01, 0.9, 1.0);
        LabeledRecords data = Generated.images(40, 3);
        // 23 records: not a multiple of any vector width, so the loops' tails are exercised.
        DataSet batch = Minibatches.slice(data, Minibatches.identity(data.count()), 0, 23);
        MultiLayerNetwork stock = passed(new MultiLayerNetwork(NetworkFactory.configuration(model, 16, 3, 5)), batch);
        DenseNetwork dense = passed(new DenseNetwork(NetworkFactory.configuration(model, 16, 3, 5)), batch);

        boolean covered = !java.util.Arrays.asList(DL4J_ONLY).contains(activation);
        assertEquals(covered, dense.usesKernel(), "whether the kernel covers " + activation);
        float[] expected = stock.getGradientsViewArray().data().asFloat();
        float[] actual = dense.getGradientsViewArray().data().asFloat();
        int at = 0;
        for (int layer = 0; layer < stock.getnLayers(); layer++) {
            int length = (int) stock.getLayer(layer).getGradientsViewArray().length();
            double difference = 0;
            double scale = 0;
            for (int i = at; i < at + length; i++) {
                difference = Math.max(difference, Math.abs(expected[i] - actual[i]));
                scale = Math.max(scale, Math.abs(expected[i]));
            }
            // Float rounding: a few units in the last place of the layer's largest gradient (measured: <= 2e-7 of it).
            assertTrue(difference <= 1e-6 * scale, "layer " + layer + ": gradients differ by " + difference
                    + " at a scale of " + scale);
            assertTrue(scale > 1e-2, "layer " + layer + "'s gradient must not be trivially small");
            at += length;
        }
        assertEquals(stock.score(), dense.score(), 1e-6 * stock.score());
    }

    @Test
    void dropoutKeepsDl4jsOwnPass() {
        ModelConfig model = new ModelConfig(new int[] {8}, ModelConfig.Activation.RELU, 0.2, 0,
                ModelConfig.WeightInit.XAVIER, ModelConfig.Updater.ADAM, 0.01, 0.9, 1.0);
        assertFalse(new DenseNetworkProbe(model).usesKernel());
    }

    @Test
    void theSwitchTurnsTheKernelOff() {
        ModelConfig model = Generated.model(ModelConfig.Updater.ADAM, 0.01);
        assertTrue(new DenseNetworkProbe(model).usesKernel());
        String before = System.getProperty(DenseNetwork.SWITCH);
        System.setProperty(DenseNetwork.SWITCH, "dl4j");
        try {
            assertFalse(new DenseNetworkProbe(model).usesKernel());
        } finally {
            if (before == null) {
                System.clearProperty(DenseNetwork.SWITCH);
            } else {
                System.setProperty(DenseNetwork.SWITCH, before);
            }
        }
    }

    private static <N extends MultiLayerNetwork> N passed(N network, DataSet batch) {
        network.init();
        network.setInput(batch.getFeatures());
        network.setLabels(batch.getLabels());
        network.computeGradientAndScore();
        return network;
    }

    /** A built network of {@code model} with 16 inputs and 3 classes. */
    private static final class DenseNetworkProbe {
        private final DenseNetwork network;

        DenseNetworkProbe(ModelConfig model) {
            network = new DenseNetwork(NetworkFactory.configuration(model, 16, 3, 5));
            network.init();
        }

        boolean usesKernel() {
            return network.usesKernel();
        }
    }
}
