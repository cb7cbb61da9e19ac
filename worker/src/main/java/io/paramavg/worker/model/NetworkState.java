package io.paramavg.worker.model;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
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
        if (into == null || into.parameters().length != params.length() || !wholeFloatBuffer(params)
                || updaterView != null && (!wholeFloatBuffer(updaterView)
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
        fill(network.params(), state.parameters());
        INDArray updaterView = updaterView(network);
        long updaterLength = updaterView == null ? 0 : updaterView.length();
        if (state.updaterState().length != updaterLength) {
            throw new IllegalArgumentException("model state holds " + state.updaterState().length
                    + " updater values, but the network's updater has " + updaterLength
                    + " (a different updater?)");
        }
        if (updaterView != null) {
            fill(updaterView, state.updaterState());
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
        return wholeFloatBuffer(array) ? array.data().asFloat() : array.dup().data().asFloat();
    }

    /**
     * Overwrites the array with {@code values}: one bulk copy into the buffer in the common case
     * ({@code DataBuffer.setData(float[])} puts element by element: 1.9 ms a round for the default
     * model, against 0.03 ms for the bulk copy).
     */
    private static void fill(INDArray array, float[] values) {
        if (wholeFloatBuffer(array)) {
            array.data().asNioFloat().put(values);
        } else {
            array.assign(Nd4j.createFromArray(values));
        }
    }

    private static boolean wholeFloatBuffer(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.offset() == 0 && !array.isView()
                && array.data().length() == array.length() && Nd4j.getBackend().getClass().getSimpleName()
                .startsWith("Cpu");
    }

    private static INDArray updaterView(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(true);
        return updater == null ? null : updater.getStateViewArray();
    }
}
