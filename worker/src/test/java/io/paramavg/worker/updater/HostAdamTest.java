package io.paramavg.worker.updater;

import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.testing.FloatArrays;
import io.paramavg.worker.testing.Generated;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java Adam step against DL4J's native one, on the views DL4J gives its updaters. */
class HostAdamTest {
    private static final int N = 10_007;

    @Test
    void aStepEqualsDl4jsNativeAdamOnTheSameViews() {
        for (int iteration : new int[] {0, 1, 57, 4_000}) {
            INDArray gradient = Nd4j.rand(DataType.FLOAT, 1, N).subi(0.5).muli(0.02);
            INDArray state = Nd4j.rand(DataType.FLOAT, 1, 2L * N).muli(1e-3);
            Adam config = new Adam(3e-3, 0.9, 0.999, 1e-8);
            INDArray stockState = state.dup();
            INDArray stockUpdate = gradient.dup('f');
            AdamUpdater stock = stock(config, stockState);
            stock.applyUpdater(stockUpdate, iteration, 0);

            INDArray hostState = state.dup();
            INDArray hostUpdate = gradient.dup('f');
            new HostAdam(stock(config, hostState)).applyUpdater(hostUpdate, iteration, 0);

            assertClose(stockUpdate, hostUpdate, 1e-6, "update at iteration " + iteration);
            assertClose(stockState, hostState, 1e-7, "moments at iteration " + iteration);
        }
    }

    @Test
    void aMomentThatShrinksEveryStepNeverTurnsDenormalAndEndsTooSmallToMoveItsWeight() {
        // A weight whose gradient is always zero: both moments shrink by b1 and b2 a step, until the
        // rounding to multiples of 2^-123 holds them (0.9 k rounds back to k for k <= 4) or zeroes them.
        float[] first = {1e-30f, -3e-31f};
        float[] second = {1e-30f, 2e-31f};
        float alpha = HostAdam.alpha(1e-3f, 0.9f, 0.999f, 1e-8f, 10);
        float[] update = new float[2];
        for (int step = 0; step < 50_000; step++) {
            update = new float[] {0f, 0f};
            HostAdam.step(update, first, second, 2, alpha, 0.9f, 0.999f, 1e-8f);
            for (float moment : new float[] {first[0], first[1], second[0], second[1]}) {
                assertTrue(moment == 0 || Math.abs(moment) >= Float.MIN_NORMAL, "step " + step + ": a denormal "
                        + "moment " + moment);
            }
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(Math.abs(first[i]) <= 4 * 0x1p-123f, "first moment " + first[i]);
            assertTrue(Math.abs(update[i]) < 1e-30f, "update " + update[i]);
        }
    }

    @Test
    void withATinyEpsilonASecondMomentFarBelowOneStillGivesDl4jsUpdate() {
        // Gradients of 1e-13 have second moments near 1e-26 (about 2^-86): a cut-off at 2^-60 rounded them
        // to zero, and with epsilon 1e-30 the update became m α / 1e-30 instead of m α / 1e-13.
        INDArray gradient = Nd4j.rand(DataType.FLOAT, 1, N).addi(0.5).muli(1e-13);
        INDArray state = Nd4j.concat(1, gradient.mul(0.1), gradient.mul(gradient)).castTo(DataType.FLOAT);
        Adam config = new Adam(1e-3, 0.9, 0.999, 1e-30);
        INDArray stockState = state.dup();
        INDArray stockUpdate = gradient.dup('f');
        stock(config, stockState).applyUpdater(stockUpdate, 3, 0);

        INDArray hostState = state.dup();
        INDArray hostUpdate = gradient.dup('f');
        new HostAdam(stock(config, hostState)).applyUpdater(hostUpdate, 3, 0);

        assertClose(stockUpdate, hostUpdate, 1e-5, "update");
        assertClose(stockState, hostState, 1e-5, "moments");
    }

    @Test
    void anArrayItCannotCopyInBulkGoesToTheNativeOp() {
        // A strided view: every other value of a larger array.
        INDArray backing = Nd4j.rand(DataType.FLOAT, 1, 2L * N).subi(0.5);
        INDArray strided = backing.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 2, 2L * N));
        Adam config = new Adam(1e-3);
        INDArray stockState = Nd4j.zeros(DataType.FLOAT, 1, 2L * N);
        INDArray expected = strided.dup();
        stock(config, stockState).applyUpdater(expected, 0, 0);

        INDArray hostState = Nd4j.zeros(DataType.FLOAT, 1, 2L * N);
        new HostAdam(stock(config, hostState)).applyUpdater(strided, 0, 0);
        assertClose(expected, strided.dup(), 0, "update");
        assertClose(stockState, hostState, 0, "moments");
    }

    @Test
    void theFactorysNetworkRunsItAndSavesAsAPlainDl4jAdamModel() throws IOException {
        MultiLayerNetwork network = NetworkFactory.build(Generated.model(ModelConfig.Updater.ADAM, 0.01), 16, 3, 7);
        assertTrue(HostUpdaters.installed(network));
        network.fit(Nd4j.rand(DataType.FLOAT, 8, 16), Nd4j.eye(8).getColumns(0, 1, 2).castTo(DataType.FLOAT));
        assertInstanceOf(HostAdam.class,
                ((BaseMultiLayerUpdater<?>) network.getUpdater()).getUpdaterBlocks().get(0).getGradientUpdater());

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, saved, true);
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(saved.toByteArray()), true);
        assertInstanceOf(AdamUpdater.class,
                ((BaseMultiLayerUpdater<?>) loaded.getUpdater()).getUpdaterBlocks().get(0).getGradientUpdater());
        assertArrayEquals(network.params().toFloatVector(), loaded.params().toFloatVector());
        assertArrayEquals(network.getUpdater().getStateViewArray().toFloatVector(),
                loaded.getUpdater().getStateViewArray().toFloatVector());
    }

    /** DL4J's updater over {@code state} (first moments, then second), as a network's block holds it. */
    private static AdamUpdater stock(Adam config, INDArray state) {
        AdamUpdater updater = new AdamUpdater(config);
        updater.setStateViewArray(state, new long[] {1, state.length() / 2}, 'f', false);
        return updater;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double worst = FloatArrays.maxRelativeDifference(expected.toFloatVector(), actual.toFloatVector(), 1e-3);
        assertTrue(worst <= tolerance, what + ": largest relative difference " + worst + " exceeds " + tolerance);
    }
}
