package io.paramavg.worker.model;

import io.paramavg.worker.nd4j.HostArrays;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Moves a {@link ModelState} into and out of a DL4J network, in place, without rebuilding it. */
public final class NetworkState {
    private static final float[] EMPTY = new float[0];

    private NetworkState() {
    }

    /** Copies parameters, updater state and counters out of {@code network}. */
    public static ModelState capture(MultiLayerNetwork network) {
        INDArray updaterView = updaterView(network);
        return new ModelState(toFloats(network.params()), updaterView == null ? EMPTY : toFloats(updaterView),
                network.getIterationCount(), network.getEpochCount());
    }

    /**
     * As {@link #capture}, into {@code into}'s arrays when they have the right lengths (a stage captures
     * every round: reusing the arrays keeps megabytes of garbage per round off the heap); returns the
     * state holding the values, {@code into}'s arrays or new ones.
     */
    public static ModelState captureInto(MultiLayerNetwork network, ModelState into) {
        INDArray params = network.params();
        INDArray updaterView = updaterView(network);
        if (into == null || into.parameters().length != params.length() || !HostArrays.isWholeHostFloatBuffer(params)
                || updaterView != null && (!HostArrays.isWholeHostFloatBuffer(updaterView)
                        || into.updaterState().length != updaterView.length())
                || updaterView == null && into.updaterState().length != 0) {
            return capture(network);
        }
        params.data().asNioFloat().get(into.parameters());
        if (updaterView != null) {
            updaterView.data().asNioFloat().get(into.updaterState());
        }
        return new ModelState(into.parameters(), into.updaterState(), network.getIterationCount(),
                network.getEpochCount());
    }

    /** Overwrites the network's parameters, updater state and counters with {@code state}. */
    public static void apply(ModelState state, MultiLayerNetwork network) {
        long expected = network.numParams();
        if (state.parameters().length != expected) {
            throw new IllegalArgumentException("model state holds " + state.parameters().length
                    + " parameters, but the network has " + expected + " (a different architecture?)");
        }
        HostArrays.put(network.params(), state.parameters());
        INDArray updaterView = updaterView(network);
        long updaterLength = updaterView == null ? 0 : updaterView.length();
        if (state.updaterState().length != updaterLength) {
            throw new IllegalArgumentException("model state holds " + state.updaterState().length
                    + " updater values, but the network's updater has " + updaterLength
                    + " (a different updater?)");
        }
        if (updaterView != null) {
            HostArrays.put(updaterView, state.updaterState());
        }
        network.setIterationCount(state.iteration());
        network.setEpochCount(state.epoch());
    }

    /**
     * The array's values as floats. A training stage captures and applies the whole state every
     * round, so the common case (a float array that is its whole buffer, as DL4J's flattened
     * parameters and updater state are) copies once, straight from the buffer, instead of dup + copy.
     */
    private static float[] toFloats(INDArray array) {
        return HostArrays.isWholeHostFloatBuffer(array) ? array.data().asFloat() : array.dup().data().asFloat();
    }

    private static INDArray updaterView(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(true);
        return updater == null ? null : updater.getStateViewArray();
    }
}
