package io.paramavg.ml;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.paramavg.driver.config.ConfigException;
import io.paramavg.worker.testing.OnnxRuntimeScores;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model fitted from a DataFrame exports to an ONNX graph that ONNX Runtime scores, from the raw
 * feature values, as the model's own {@code transform} does on Spark's executors: the same prediction
 * for every row and probabilities within 1e-5, under each feature scaling a fit offers (with a
 * constant feature, whose zero spread DL4J adjusts), with the text labels in the metadata.
 */
class ParamAvgClassificationModelOnnxTest {
    private static final double TOLERANCE = 1e-5;
    private static final int FEATURES = 5;

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static Dataset<Row> table;
    /** Rows whose last feature, constant in training, varies: DL4J divides it by 1, not by its zero spread. */
    private static Dataset<Row> scoring;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("paramavg-onnx")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        table = frame(150, 17, 7.5, 0).cache();
        scoring = frame(60, 18, 7.5, 0.5);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /**
     * Rows of text labels ant/bee/cat; features on different scales, one lifted per class, the last
     * {@code constant} plus {@code spread} times noise (training rows: none, so its spread is 0).
     */
    private static Dataset<Row> frame(int rows, long seed, double constant, double spread) {
        StructType schema = new StructType().add("label", DataTypes.StringType)
                .add("features", SQLDataTypes.VectorType());
        String[] names = {"ant", "bee", "cat"};
        double[] scales = {1, 40, 0.01, 3};
        Random random = new Random(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            double[] x = new double[FEATURES];
            for (int f = 0; f < 4; f++) {
                x[f] = ((f == label ? 2.0 : 0.0) + random.nextGaussian() * 1.5 + f) * scales[f];
            }
            x[4] = constant + spread * random.nextGaussian();
            list.add(RowFactory.create(names[label], Vectors.dense(x)));
        }
        return spark.createDataFrame(list, schema);
    }

    private static ParamAvgClassificationModel fit(String normalize) {
        return new ParamAvgClassifier().setHiddenLayers(new int[] {8}).setEpochs(4).setShards(1).setSeed(3)
                .setLearningRate(0.05).setIndexLabels(true).setNormalize(normalize).fit(table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"standardize", "min-max", "none"})
    void theGraphScoresRawFeaturesAsTransformDoes(String normalize) throws OrtException {
        ParamAvgClassificationModel model = fit(normalize);

        List<Row> scored = model.transform(scoring).select("features", "probability", "prediction").collectAsList();
        int n = scored.size();
        float[] raw = new float[n * FEATURES];
        float[] expected = new float[n * 3];
        for (int r = 0; r < n; r++) {
            double[] x = ((Vector) scored.get(r).get(0)).toArray();
            double[] p = ((Vector) scored.get(r).get(1)).toArray();
            for (int f = 0; f < FEATURES; f++) {
                raw[r * FEATURES + f] = (float) x[f];
            }
            for (int c = 0; c < 3; c++) {
                expected[r * 3 + c] = (float) p[c];
            }
        }
        OnnxRuntimeScores onnx = OnnxRuntimeScores.score(model.onnx(), raw, n, FEATURES);

        for (int r = 0; r < n; r++) {
            assertEquals(scored.get(r).getDouble(2), onnx.classes()[r], "row " + r);
        }
        assertTrue(onnx.largestDifference(expected) <= TOLERANCE, normalize + ": largest difference "
                + onnx.largestDifference(expected));
    }

    @Test
    void exportOnnxWritesTheFileWithTheLabelsAndRefusesToReplaceItUnlessAskedTo() throws OrtException, IOException {
        ParamAvgClassificationModel model = fit("standardize");
        String path = dir.resolve("exported/model.onnx").toString();

        model.exportOnnx(path);
        byte[] written = Files.readAllBytes(Path.of(path));
        ConfigException refused = assertThrows(ConfigException.class, () -> model.exportOnnx(path));
        model.exportOnnx(path, true);

        assertArrayEquals(model.onnx(), written);
        assertTrue(refused.getMessage().contains(path + " already exists"), refused.getMessage());
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(written,
                new OrtSession.SessionOptions())) {
            assertEquals("[\"ant\",\"bee\",\"cat\"]", session.getMetadata().getCustomMetadata().get("paramavg.labels"));
            assertEquals("dataframe", io.paramavg.driver.output.Json.mapper().readTree(session.getMetadata()
                    .getCustomMetadata().get("paramavg.manifest")).at("/data/format").asText());
        }
    }
}
