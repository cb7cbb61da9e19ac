package io.paramavg.worker.model;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moves a {@link ModelState} into and out of a DL4J network, in place, without rebuilding it. */
public final class NetworkState {
    private static final float[] EMPTY = new float[0];

    private NetworkState() {
    }

    /** Copies parameters, updater state and counters out of {@code network}. */
    public static ModelState capture(MultiLayerNetwork network) {
        INDArray updaterView = updaterView(network);
        return new ModelState(network.params().dup().data().asFloat(),
                updaterView == null ? EMPTY : updaterView.dup().data().asFloat(),
                network.getIterationCount(), network.getEpochCount());
    }

    /** Overwrites the network's parameters, updater state and counters with {@code state}. */
    public static void apply(ModelState state, MultiLayerNetwork network) {
        long expected = network.numParams();
        if (state.parameters().length != expected) {
            throw new IllegalArgumentException("model state holds " + state.parameters().length
                    + " parameters, but the network has " + expected + " (a different architecture?)");
        }
        network.params().assign(Nd4j.createFromArray(state.parameters()));
        INDArray updaterView = updaterView(network);
        long updaterLength = updaterView == null ? 0 : updaterView.length();
        if (state.updaterState().length != updaterLength) {
            throw new IllegalArgumentException("model state holds " + state.updaterState().length
                    + " updater values, but the network's updater has " + updaterLength
                    + " (a different updater?)");
        }
        if (updaterView != null) {
            updaterView.assign(Nd4j.createFromArray(state.updaterState()));
        }
        network.setIterationCount(state.iteration());
        network.setEpochCount(state.epoch());
    }

    private static INDArray updaterView(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(true);
        return updater == null ? null : updater.getStateViewArray();
    }
}
