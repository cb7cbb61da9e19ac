package io.paramavg.bench;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Map;

/**
 * Times a network's updater steps: wraps each updater block's {@code GradientUpdater} (DL4J's stock
 * one or paramavg's) in one that adds up the time spent in {@code applyUpdater}. Benchmark-only: what
 * share of a minibatch the optimiser's step takes.
 */
final class UpdaterClock {
    private long nanos;

    /** Wraps every block of {@code network}'s updater; returns the clock they add to. */
    @SuppressWarnings("unchecked") // DL4J's UpdaterBlock hands out its GradientUpdater as a raw type
    static UpdaterClock install(MultiLayerNetwork network) {
        UpdaterClock clock = new UpdaterClock();
        for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) network.getUpdater(true)).getUpdaterBlocks()) {
            block.setGradientUpdater(new Timed<>(block.getGradientUpdater(), clock));
        }
        return clock;
    }

    double seconds() {
        return nanos / 1e9;
    }

    /** A block's updater with a stopwatch around its step. */
    private static final class Timed<T extends IUpdater> implements GradientUpdater<T> {
        private final GradientUpdater<T> inner;
        private final UpdaterClock clock;

        Timed(GradientUpdater<T> inner, UpdaterClock clock) {
            this.inner = inner;
            this.clock = clock;
        }

        @Override
        public T getConfig() {
            return inner.getConfig();
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            inner.setState(state, initialize);
        }

        @Override
        public Map<String, INDArray> getState() {
            return inner.getState();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            inner.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            long began = System.nanoTime();
            inner.applyUpdater(gradient, iteration, epoch);
            clock.nanos += System.nanoTime() - began;
        }
    }
}
