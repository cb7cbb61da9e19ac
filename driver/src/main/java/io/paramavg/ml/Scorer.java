package io.paramavg.ml;

import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.data.table.Labels;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.nd4j.NativeSetup;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Scores rows on an executor: the model restored once per partition from its zip, features scaled
 * with the training statistics, one forward pass per batch of rows; each row comes back with the columns
 * {@link Outputs} asks for: the prediction (the class index, as MLlib's), the class probabilities, their
 * logarithms as raw predictions, and the original label of the predicted class.
 */
final class Scorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;

    /**
     * Which columns a row gets, in this order (paramavg's order since its first release; MLlib writes the same
     * three in the opposite order): as in MLlib's {@code ProbabilisticClassificationModel.transform}, a column
     * whose Param is empty is not written. {@code thresholds} is MLlib's Param (null: unset);
     * {@code labels} names the predicted label (null: no such column).
     */
    record Outputs(boolean prediction, boolean probability, boolean raw, Labels labels, double[] thresholds)
            implements Serializable {
    }

    private final Broadcast<byte[]> model;
    private final TablePreprocessing table;
    private final int featuresIndex;
    private final int inputs;
    private final Outputs outputs;

    Scorer(Broadcast<byte[]> model, TablePreprocessing table, int featuresIndex, int inputs, Outputs outputs) {
        this.model = model;
        this.table = table;
        this.featuresIndex = featuresIndex;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * The class probabilities of {@code rows} rows of raw features {@code x} (row after row), scaled as in
     * training: row after row, as many per row as the network has classes.
     */
    static float[] probabilities(MultiLayerNetwork network, TablePreprocessing table, float[] x, int rows,
                                 int inputs) {
        float[] scaled = table == null ? x : table.scaling().apply(x, rows, inputs);
        INDArray output = network.output(Nd4j.create(scaled, new long[] {rows, inputs}, 'c'), false);
        return output.data().asFloat();
    }

    /**
     * The predicted class, as MLlib's {@code probability2prediction}: the largest probability, or with
     * {@code thresholds} the largest probability divided by its class's threshold.
     */
    static int prediction(double[] probability, double[] thresholds) {
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < probability.length; c++) {
            double scaled = thresholds == null ? probability[c] : probability[c] / thresholds[c];
            if (scaled > max) {
                max = scaled;
                best = c;
            }
        }
        return best;
    }

    /** The original label of class {@code c}: a double for numeric (or 0..K-1) labels, else its text. */
    static Object labelOf(Labels labels, int c) {
        return labels.isNumeric() ? (Object) labels.value(c) : labels.name(c);
    }

    Iterator<Row> score(Iterator<Row> rows) {
        // Scoring may be the first thing an executor does with ND4J: the kernel is chosen before it loads.
        NativeSetup.beforeNd4j();
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model.value()), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                List<Row> batch = new ArrayList<>(BATCH);
                while (batch.size() < BATCH && rows.hasNext()) {
                    batch.add(rows.next());
                }
                if (!batch.isEmpty()) {
                    ready.addAll(scoreBatch(network, batch));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private List<Row> scoreBatch(MultiLayerNetwork network, List<Row> batch) {
        float[] x = new float[batch.size() * inputs];
        for (int r = 0; r < batch.size(); r++) {
            Vector v = (Vector) batch.get(r).get(featuresIndex);
            if (v == null || v.size() != inputs) {
                throw new DataFormatException("the DataFrame", "features of a row", inputs + " features (what the "
                        + "model takes)", v == null ? "null" : v.size() + " features");
            }
            double[] values = v.toArray();
            for (int f = 0; f < inputs; f++) {
                x[r * inputs + f] = (float) values[f];
            }
        }
        int rows = batch.size();
        float[] p = probabilities(network, table, x, rows, inputs);
        int classes = p.length / rows;
        List<Row> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] probability = new double[classes];
            double[] raw = new double[classes];
            for (int c = 0; c < classes; c++) {
                probability[c] = p[r * classes + c];
                raw[c] = Math.log(probability[c]);
            }
            int predicted = prediction(probability, outputs.thresholds());
            Row row = batch.get(r);
            List<Object> values = new ArrayList<>(row.length() + 4);
            for (int i = 0; i < row.length(); i++) {
                values.add(row.get(i));
            }
            if (outputs.prediction()) {
                values.add((double) predicted);
            }
            if (outputs.probability()) {
                values.add(Vectors.dense(probability));
            }
            if (outputs.raw()) {
                values.add(Vectors.dense(raw));
            }
            if (outputs.labels() != null) {
                values.add(labelOf(outputs.labels(), predicted));
            }
            out.add(RowFactory.create(values.toArray()));
        }
        return out;
    }
}
