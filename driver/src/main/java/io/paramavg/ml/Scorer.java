package io.paramavg.ml;

import io.paramavg.driver.data.TablePreprocessing;
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
 * with the training statistics, one forward pass per batch of rows; each row comes back with the
 * prediction (the original label when labels are numbers, else the class index), the class
 * probabilities and their logarithms as raw predictions.
 */
final class Scorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;

    private final Broadcast<byte[]> model;
    private final TablePreprocessing table;
    private final int featuresIndex;
    private final int inputs;

    Scorer(Broadcast<byte[]> model, TablePreprocessing table, int featuresIndex, int inputs) {
        this.model = model;
        this.table = table;
        this.featuresIndex = featuresIndex;
        this.inputs = inputs;
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
        float[] scaled = table == null ? x : table.scaling().apply(x, batch.size(), inputs);
        INDArray output = network.output(Nd4j.create(scaled, new long[] {batch.size(), inputs}, 'c'), false);
        int classes = (int) output.size(1);
        float[] p = output.data().asFloat();
        List<Row> out = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            double[] probability = new double[classes];
            double[] raw = new double[classes];
            int best = 0;
            for (int c = 0; c < classes; c++) {
                probability[c] = p[r * classes + c];
                raw[c] = Math.log(probability[c]);
                if (probability[c] > probability[best]) {
                    best = c;
                }
            }
            double prediction = table != null && table.labels().isNumeric() ? table.labels().value(best) : best;
            Row row = batch.get(r);
            Object[] values = new Object[row.length() + 3];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            values[row.length()] = prediction;
            values[row.length() + 1] = Vectors.dense(probability);
            values[row.length() + 2] = Vectors.dense(raw);
            out.add(RowFactory.create(values));
        }
        return out;
    }
}
