package io.paramavg.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.config.ConfigKey;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
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

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fits on a tiny table of three well-separated classes in local[2] (seconds each): the model carries
 * its training settings through save and load, a model saved before it did still loads, every fit
 * removes its temporary folder, and a validation DataFrame drives early stopping. {@code java.io.tmpdir}
 * points into this class's folder while it runs, so the temporary folders counted are this JVM's.
 */
class ParamAvgClassifierFitTest {
    @TempDir
    static Path dir;
    private static Path tmp;
    private static String savedTmp;
    private static SparkSession spark;
    private static Dataset<Row> train;

    @BeforeAll
    static void start() throws IOException {
        tmp = Files.createDirectories(dir.resolve("tmp"));
        savedTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        spark = SparkSession.builder().master("local[2]").appName("paramavg-classifier-fit")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        train = frame(90, 11, Double.NaN).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
        System.setProperty("java.io.tmpdir", savedTmp);
    }

    /** {@code rows} rows of 4 features whose class (i % 3) lifts one feature; row 5's label is {@code bad} unless NaN. */
    private static Dataset<Row> frame(int rows, long seed, double bad) {
        StructType schema = new StructType().add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        List<Row> list = new ArrayList<>();
        Random random = new Random(seed);
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            double[] x = new double[4];
            for (int f = 0; f < 4; f++) {
                x[f] = (f == label ? 2.0 : 0.0) + random.nextGaussian() * 0.3;
            }
            list.add(RowFactory.create(i == 5 && !Double.isNaN(bad) ? bad : label, Vectors.dense(x)));
        }
        return spark.createDataFrame(list, schema);
    }

    private static ParamAvgClassifier small() {
        return new ParamAvgClassifier().setHiddenLayers(new int[] {4}).setEpochs(3).setShards(1).setSeed(3)
                .setLearningRate(0.05);
    }

    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith(RunFolder.PREFIX)).toList();
        }
    }

    private static double accuracy(ParamAvgClassificationModel model, Dataset<Row> rows) {
        String prediction = model.getOrDefault(model.predictionCol());
        List<Row> scored = model.transform(rows).select("label", prediction).collectAsList();
        return scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count() / (double) scored.size();
    }

    @Test
    void fittedModelCarriesTheSettingsItWasTrainedWithThroughSaveAndLoad() throws IOException {
        ParamAvgClassifier classifier = small().setBatchSize(16);
        classifier.set(classifier.getParam("momentum"), 0.8);
        ParamAvgClassificationModel model = classifier.fit(train);
        assertEquals(3, model.getEpochs());
        assertEquals(16, model.getBatchSize());
        assertArrayEquals(new int[] {4}, model.getHiddenLayers());
        assertEquals(0.05, model.getLearningRate());
        assertEquals(0.8, model.getOrDefault(model.getParam("momentum")));
        assertEquals("", model.getOutputDir());

        String path = dir.resolve("saved-model").toString();
        model.write().overwrite().save(path);
        ParamAvgClassificationModel loaded = ParamAvgClassificationModel.load(path);
        for (ConfigKey key : SettingParams.KEYS) {
            Param<Object> param = loaded.getParam(SettingParams.nameOf(key));
            assertTrue(loaded.isSet(param), key.key() + " is saved as set: how the model was trained");
            assertEquals(SettingParams.text(key, classifier.getOrDefault(classifier.getParam(param.name()))),
                    SettingParams.text(key, loaded.getOrDefault(param)), key.key());
        }
        assertEquals(3, loaded.getEpochs());
        assertEquals(accuracy(model, train), accuracy(loaded, train));
    }

    @Test
    void modelSavedBeforeTheSettingsWereSavedLoadsWithThemUnsetAndScores() throws URISyntaxException {
        // Saved by paramavg before this change (its metadata holds the five column Params only).
        String path = Path.of(getClass().getResource("model-saved-without-settings").toURI()).toString();
        ParamAvgClassificationModel old = ParamAvgClassificationModel.load(path);
        for (ConfigKey key : SettingParams.KEYS) {
            assertFalse(old.isSet(old.getParam(SettingParams.nameOf(key))), key.key());
        }
        assertEquals(15, old.getEpochs(), "unset: today's default, not the 3 epochs it was trained for");
        assertEquals("predicted", old.getOrDefault(old.predictionCol()));
        assertEquals(3, old.numClasses());
        assertTrue(accuracy(old, train) > 0.9, "it scores the rows it was trained on: " + accuracy(old, train));
    }

    @Test
    void fitRemovesItsTemporaryFolderWhenItSucceedsAndWhenItFails() throws IOException {
        small().fit(train);
        assertEquals(List.of(), leftovers());
        Dataset<Row> broken = frame(90, 11, Double.POSITIVE_INFINITY);
        // A data error found in a Spark task comes wrapped in Spark's SparkException (a checked exception).
        Exception error = assertThrows(Exception.class, () -> small().fit(broken));
        assertTrue(error.getMessage().contains("the DataFrame: row 6, column 'label': expected a finite label"),
                error.getMessage());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void fitKeepsTheOutputDirItIsGiven() {
        Path out = dir.resolve("kept");
        small().setOutputDir(out.toString()).fit(train);
        assertTrue(Files.isRegularFile(out.resolve("model.zip")));
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
    }

    @Test
    void validationDataFrameIsScoredEveryEpochAndStopsTrainingEarly() throws IOException {
        Dataset<Row> validation = frame(30, 12, Double.NaN);
        Path out = dir.resolve("early");
        // No later epoch improves the validation loss by 10: patience 1 stops after the second epoch.
        ParamAvgClassifier classifier = small().setEpochs(30).setValidationData(validation)
                .setEarlyStoppingPatience(1).setOutputDir(out.toString());
        classifier.set(classifier.getParam("earlyStoppingMinDelta"), 10.0);
        ParamAvgClassificationModel model = classifier.fit(train);
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.at("/stopped_early").asBoolean(), metrics.toString());
        assertEquals(2, metrics.at("/epochs").size());
        assertEquals(1, metrics.at("/best_epoch").asInt());
        assertEquals(30, metrics.at("/validation/examples").asLong(), "the validation DataFrame's rows");
        assertTrue(metrics.at("/epochs/0/val_loss").isNumber());
        assertEquals(1, model.getEarlyStoppingPatience());
    }

    @Test
    void validationDataFrameLabelsAreCheckedAgainstTheTrainingLabels() {
        Dataset<Row> validation = frame(30, 12, 7.0);
        Exception error = assertThrows(Exception.class, () -> small().setValidationData(validation).fit(train));
        assertTrue(error.getMessage().contains("the validation DataFrame: row 6, column 'label': expected a class in "
                + "0..2 (the training set's), found 7"), error.getMessage());
    }

    @Test
    void validationDataFrameAndValidationFractionAreRefusedTogether() {
        ParamAvgClassifier classifier = small().setValidationData(train).setValidationFraction(0.2);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> classifier.fit(train));
        assertEquals("validation rows come from validationFraction or setValidationData, found both (0.2 and a "
                + "validation DataFrame): choose one", error.getMessage());
    }

    @Test
    void copiesKeepTheValidationDataFrameSoTuningFitsUseIt() {
        ParamAvgClassifier classifier = small().setValidationData(train);
        ParamAvgClassifier copy = classifier.copy(new org.apache.spark.ml.param.ParamMap());
        assertSame(train, copy.getValidationData().orElseThrow());
        assertTrue(small().getValidationData().isEmpty());
    }
}
