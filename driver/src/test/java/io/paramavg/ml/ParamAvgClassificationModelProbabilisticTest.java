package io.paramavg.ml;

import io.paramavg.driver.config.ConfigKey;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.classification.OneVsRestModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model as MLlib's probabilistic classification models are, on a tiny table of three well-separated
 * classes labelled 3, 7 and 9 in local[2]: {@code prediction} is the class index that {@code probability} is
 * indexed by and {@code predictedLabel} the original label; one-row {@code predict}, {@code predictRaw} and
 * {@code predictProbability} agree with {@code transform}; {@code thresholds} and empty output columns mean
 * what they mean in MLlib; {@code OneVsRest} takes the classifier; an estimator saved with NaN for auto loads.
 */
class ParamAvgClassificationModelProbabilisticTest {
    private static final double[] LABELS = {3, 7, 9};

    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static Dataset<Row> train;
    private static ParamAvgClassificationModel model;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("paramavg-model-probabilistic")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        train = frame(DataTypes.DoubleType, c -> LABELS[c]).cache();
        model = small().setIndexLabels(true).fit(train);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private interface Label {
        Object of(int c);
    }

    /** 90 rows of 4 features whose class (i % 3) lifts one feature, labelled {@code label} of the class. */
    private static Dataset<Row> frame(DataType type, Label label) {
        StructType schema = new StructType().add("label", type).add("features", SQLDataTypes.VectorType());
        List<Row> list = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            double[] x = new double[4];
            for (int f = 0; f < 4; f++) {
                x[f] = (f == c ? 2.0 : 0.0) + random.nextGaussian() * 0.3;
            }
            list.add(RowFactory.create(label.of(c), Vectors.dense(x)));
        }
        return spark.createDataFrame(list, schema);
    }

    private static ParamAvgClassifier small() {
        return new ParamAvgClassifier().setHiddenLayers(new int[] {4}).setEpochs(3).setShards(1).setSeed(3)
                .setLearningRate(0.05);
    }

    @Test
    void predictionIsTheClassIndexAndPredictedLabelTheOriginalNumber() {
        Dataset<Row> scored = model.transform(train);
        assertEquals(List.of("label", "features", "prediction", "probability", "rawPrediction", "predictedLabel"),
                Arrays.asList(scored.columns()));
        assertEquals(DataTypes.DoubleType, scored.schema().apply("predictedLabel").dataType());
        List<Row> rows = scored.select("label", "prediction", "probability", "predictedLabel").collectAsList();
        long right = 0;
        for (Row row : rows) {
            double prediction = row.getDouble(1);
            Vector probability = (Vector) row.get(2);
            assertEquals(probability.argmax(), (int) prediction, "prediction indexes probability");
            assertEquals(LABELS[(int) prediction], row.getDouble(3), "predictedLabel is the class's label");
            right += row.getDouble(0) == row.getDouble(3) ? 1 : 0;
        }
        assertTrue(right > 0.9 * rows.size(), right + " of " + rows.size());
        assertEquals(3, model.numClasses());
        assertEquals(4, model.numFeatures());
    }

    @Test
    void textLabelsGiveAStringPredictedLabelAndAnIndexPrediction() {
        String[] names = {"cat", "dog", "emu"};
        Dataset<Row> text = frame(DataTypes.StringType, c -> names[c]);
        Dataset<Row> scored = small().fit(text).transform(text);
        assertEquals(DataTypes.StringType, scored.schema().apply("predictedLabel").dataType());
        for (Row row : scored.select("prediction", "predictedLabel").collectAsList()) {
            assertEquals(names[(int) row.getDouble(0)], row.getString(1));
        }
    }

    @Test
    void oneRowPredictPredictRawAndPredictProbabilityAgreeWithTransform() {
        Row row = model.transform(train.limit(1)).first();
        Vector features = row.getAs("features");
        Vector probability = row.getAs("probability");
        Vector raw = row.getAs("rawPrediction");
        assertArrayEquals(raw.toArray(), model.predictRaw(features).toArray(), 1e-6);
        assertArrayEquals(probability.toArray(), model.predictProbability(features).toArray(), 1e-6);
        assertEquals(row.<Double>getAs("prediction"), model.predict(features));
        assertThrows(IllegalArgumentException.class, () -> model.predict(Vectors.dense(1.0, 2.0)));
    }

    @Test
    void thresholdsAdjustThePredictionAsInMllib() {
        // A zero threshold makes its class win wherever its probability is not zero (MLlib's rule: p / t).
        ParamAvgClassificationModel biased = model.copy(new ParamMap())
                .setThresholds(new double[] {1.0, 1.0, 0.0});
        for (Row row : biased.transform(train).select("prediction", "predictedLabel").collectAsList()) {
            assertEquals(2.0, row.getDouble(0));
            assertEquals(9.0, row.getDouble(1));
        }
        assertEquals(2.0, biased.predict(train.first().<Vector>getAs("features")));
        assertThrows(IllegalArgumentException.class, () -> model.copy(new ParamMap())
                .setThresholds(new double[] {0.5, 0.5}));
        // Thresholds the estimator was given reach the model without its setter's check: transform checks them.
        ParamAvgClassificationModel wrong = model.copy(new ParamMap().put(model.thresholds().w(new double[] {1, 1})));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> wrong.transform(train));
        assertEquals("thresholds has 2 values; the model has 3 classes", refused.getMessage());
    }

    @Test
    void outputColumnsSetEmptyAreNotWritten() {
        ParamAvgClassificationModel quiet = model.copy(new ParamMap()).setPredictionCol("")
                .setProbabilityCol("").setPredictedLabelCol("");
        assertEquals(List.of("label", "features", "rawPrediction"),
                Arrays.asList(quiet.transform(train).columns()));
    }

    @Test
    void oneVsRestTakesTheClassifierAndItsModelScores() {
        Dataset<Row> indexed = frame(DataTypes.DoubleType, c -> (double) c);
        OneVsRestModel ovr = new OneVsRest().setClassifier(small()).fit(indexed);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(ovr.transform(indexed));
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }

    @Test
    void estimatorSavedWithNaNForAutoLoadsWithTheMinusOneOfToday() throws IOException {
        String path = dir.resolve("estimator").toString();
        ParamAvgClassifier classifier = small();
        classifier.write().overwrite().save(path);
        // What paramavg wrote before auto was -1: Spark's JSON for a DoubleParam's NaN, default and set alike.
        Path metadata;
        try (Stream<Path> files = Files.list(Path.of(path, "metadata"))) {
            metadata = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        String json = Files.readString(metadata, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"blockMomentum\":-1.0"), json);
        json = json.replace("\"blockMomentum\":-1.0", "\"blockMomentum\":\"NaN\"")
                .replace("\"paramMap\":{", "\"paramMap\":{\"blockLearningRate\":\"NaN\",");
        Files.writeString(metadata, json, StandardCharsets.UTF_8);
        ParamAvgClassifier loaded = ParamAvgClassifier.load(path);
        assertEquals(-1.0, (Double) loaded.getOrDefault(loaded.getParam("blockMomentum")));
        assertEquals(-1.0, (Double) loaded.getOrDefault(loaded.getParam("blockLearningRate")));
        assertTrue(loaded.isSet(loaded.getParam("blockLearningRate")));
        assertEquals("auto", loaded.runConfig().settings().get(ConfigKey.TRAIN_BLOCK_LEARNING_RATE));
    }
}
