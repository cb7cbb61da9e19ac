package io.paramavg.worker.train;

import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.nd4j.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cuts minibatches out of a shard: features as {@link LabeledRecords#feature} gives them (grey
 * levels scaled to [0, 1], a table's bytes, or a table's scaled floats), then the block's
 * {@link LabeledRecords#transform} if it has one; labels one-hot. Only the minibatch is
 * ever expanded to floats, so a resident image shard stays at one byte per pixel.
 */
public final class Minibatches {
    private Minibatches() {
    }

    /** Records {@code order[from..to)} of {@code data} as a DL4J {@link DataSet}. */
    public static DataSet slice(LabeledRecords data, int[] order, int from, int to) {
        int rows = to - from;
        float[] x = new float[rows * data.features()];
        float[] y = new float[rows * data.classes()];
        gather(data, order, from, rows, x, y);
        INDArray input = Nd4j.create(x, new long[] {rows, data.features()}, 'c');
        if (data.transform() != null) {
            data.transform().apply(input);
        }
        return new DataSet(input, Nd4j.create(y, new long[] {rows, data.classes()}, 'c'));
    }

    /**
     * Overwrites {@code batch}, a minibatch this class cut earlier, with records
     * {@code order[from..from + rows)} of {@code data}, {@code rows} being the batch's size. A training
     * round refills one minibatch rather than allocating native arrays for each: ND4J frees those from a
     * thread of its own, which competes with the training threads for the cores.
     */
    public static void refill(DataSet batch, LabeledRecords data, int[] order, int from) {
        INDArray input = batch.getFeatures();
        int rows = input.rows();
        float[] x = new float[rows * data.features()];
        float[] y = new float[rows * data.classes()];
        gather(data, order, from, rows, x, y);
        HostArrays.put(input, x);
        HostArrays.put(batch.getLabels(), y);
        if (data.transform() != null) {
            data.transform().apply(input);
        }
    }

    private static void gather(LabeledRecords data, int[] order, int from, int rows, float[] x, float[] y) {
        int features = data.features();
        int classes = data.classes();
        for (int r = 0; r < rows; r++) {
            int record = order[from + r];
            data.copyFeatures(record, x, r * features);
            y[r * classes + data.label(record)] = 1f;
        }
    }

    /** The identity order {@code 0..n-1}: for evaluation, where order does not matter. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
