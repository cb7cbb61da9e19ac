package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import io.paramavg.worker.data.LabeledRecords;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded MNIST sample as CSV, LIBSVM and Parquet trains to the IDX run's test accuracy (with
 * the same inputs: pixels / 255 written into the tables, data.normalize=none), and each format
 * repeats itself exactly for a seed. One local[2] context for the class: the commands join it.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TablesEndToEndTest {
    private static final List<String> SMALL = List.of("--master", "local[2]", "--epochs", "3", "--shards", "2",
            "--set", "model.hidden-layers=64", "--set", "data.normalize=none");

    @TempDir
    static Path dir;
    private static SparkSession spark;

    @BeforeAll
    static void fixtures() throws IOException {
        spark = TableFixtures.session();
        LabeledRecords train = TableFixtures.embedded("train");
        LabeledRecords test = TableFixtures.embedded("test");
        TableFixtures.csv(train, dir.resolve("train.csv"));
        TableFixtures.csv(test, dir.resolve("test.csv"));
        TableFixtures.libsvm(train, dir.resolve("train.libsvm"));
        TableFixtures.libsvm(test, dir.resolve("test.libsvm"));
        TableFixtures.parquet(spark, train, dir.resolve("train.parquet"));
        TableFixtures.parquet(spark, test, dir.resolve("test.parquet"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static String run(int expectedCode, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Commands.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertEquals(expectedCode, code, printed);
        return printed;
    }

    private static double train(String name, String... data) throws IOException {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(SMALL);
        args.addAll(List.of(data));
        run(0, args.toArray(new String[0]));
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        return metrics.at("/test/accuracy").asDouble();
    }

    @Test
    void everyFormatTrainsToTheIdxAccuracyAndRepeatsItself() throws IOException {
        double idx = train("idx");
        double csv = train("csv", "--data", dir.resolve("train.csv").toString(), "--test-data",
                dir.resolve("test.csv").toString());
        double csvAgain = train("csv-again", "--data", dir.resolve("train.csv").toString(), "--test-data",
                dir.resolve("test.csv").toString());
        // LIBSVM rows do not say how many features there are: the MNIST border is always 0.
        double libsvm = train("libsvm", "--data", dir.resolve("train.libsvm").toString(), "--test-data",
                dir.resolve("test.libsvm").toString(), "--set", "data.feature-count=784");
        double parquet = train("parquet", "--data", dir.resolve("train.parquet").toString(), "--test-data",
                dir.resolve("test.parquet").toString());
        System.out.printf("accuracy idx %.4f csv %.4f (again %.4f) libsvm %.4f parquet %.4f%n", idx, csv, csvAgain,
                libsvm, parquet);
        assertEquals(csv, csvAgain, 0.0, "same seed, same accuracy");
        assertEquals(idx, csv, 0.005, "csv vs idx");
        assertEquals(idx, libsvm, 0.005, "libsvm vs idx");
        assertEquals(idx, parquet, 0.005, "parquet vs idx");
        // The three table formats hold the same rows: the same shards, the same model.
        assertEquals(csv, libsvm, 0.0);
        assertEquals(csv, parquet, 0.0);
        assertTrue(idx > 0.85, "idx " + idx);
    }

    /** The first {@code count} records of {@code data}, from record {@code from} on. */
    private static LabeledRecords slice(LabeledRecords data, int from, int count) {
        int[] records = new int[count];
        java.util.Arrays.setAll(records, i -> from + i);
        return data.select(records);
    }

    @Test
    void aCsvRunHoldsOutAValidationFractionOfItsTrainingRowsAndScoresItEveryEpoch() throws IOException {
        Path data = dir.resolve("validation-fraction.csv");
        TableFixtures.csv(slice(TableFixtures.embedded("train"), 0, 2000), data);
        Path out = dir.resolve("validation-fraction");
        String printed = run(0, "train", "--master", "local[2]", "--data", data.toString(), "--out", out.toString(),
                "--epochs", "2", "--shards", "2", "--set", "model.hidden-layers=32", "--set", "data.normalize=none",
                "--set", "data.test-fraction=0.2", "--set", "train.validation-fraction=0.2");
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        int trainingSet = manifest.at("/data/train_records").asInt();
        int held = metrics.at("/validation/examples").asInt();
        assertTrue(printed.contains(String.format(java.util.Locale.ROOT, "validation: %,d of the training records "
                + "held out (train.validation-fraction 0.2), %,d train", held, trainingSet - held)), printed);
        // A fifth of the 1,600 or so rows the test hold-out leaves, within four standard deviations (4 x 16).
        assertEquals(0.2 * trainingSet, held, 64, "held out " + held + " of " + trainingSet);
        assertEquals(2000, trainingSet + metrics.at("/test/examples").asInt(), "every row trains, validates or tests");
        assertEquals(2, metrics.at("/epochs").size());
        for (JsonNode epoch : metrics.at("/epochs")) {
            for (String field : List.of("val_loss", "val_accuracy", "train_loss", "train_accuracy")) {
                assertTrue(epoch.get(field).isNumber(), field + " of epoch " + epoch.get("epoch") + ": " + epoch);
            }
        }
        assertTrue(metrics.at("/validation/accuracy").asDouble() > 0.6, metrics.toString());
    }

    @Test
    void aParquetRunScoresAValidationTableEveryEpochAndRecordsItsChecksum() throws IOException {
        LabeledRecords train = TableFixtures.embedded("train");
        LabeledRecords test = TableFixtures.embedded("test");
        Path data = dir.resolve("validated-train.parquet");
        Path testData = dir.resolve("validated-test.parquet");
        Path validation = dir.resolve("validation.parquet");
        TableFixtures.parquet(spark, slice(train, 0, 2000), data);
        TableFixtures.parquet(spark, slice(test, 0, 500), testData);
        TableFixtures.parquet(spark, slice(test, 500, 500), validation);
        Path out = dir.resolve("validated");
        String printed = run(0, "train", "--master", "local[2]", "--data", data.toString(), "--test-data",
                testData.toString(), "--validation-data", validation.toString(), "--out", out.toString(), "--epochs",
                "2", "--shards", "2", "--set", "model.hidden-layers=32");
        assertTrue(printed.contains("validation: 500 records from " + validation), printed);
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(500, metrics.at("/validation/examples").asInt());
        for (JsonNode epoch : metrics.at("/epochs")) {
            assertTrue(epoch.get("val_loss").isNumber() && epoch.get("val_accuracy").isNumber(), epoch.toString());
        }
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(2000, manifest.at("/data/train_records").asInt(), "nothing held out of the training rows");
        JsonNode inputs = manifest.at("/inputs");
        assertTrue(inputs.path(validation.toString()).path("sha256").asText().matches("[0-9a-f]{64}"),
                "the validation table's checksum in the manifest: " + inputs);
    }

    @Test
    void aValidationTableWithALabelTheTrainingDataLacksIsExit3NamingTheFile() throws IOException {
        StringBuilder rows = new StringBuilder("label,x,y\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i % 2).append(',').append(i % 2 * 2 + 0.01 * i).append(',').append(0.02 * i).append('\n');
        }
        Path data = dir.resolve("two-classes.csv");
        java.nio.file.Files.writeString(data, rows.toString());
        Path validation = dir.resolve("three-classes.csv");
        java.nio.file.Files.writeString(validation, "label,x,y\n0,0.1,0.2\n2,0.3,0.4\n");
        Path out = dir.resolve("unseen-label");
        String printed = run(3, "train", "--master", "local[2]", "--data", data.toString(), "--set",
                "data.test-fraction=0.25", "--validation-data", validation.toString(), "--out", out.toString());
        assertTrue(printed.contains(validation.getFileName() + ": line 3, column 'label': expected a class in 0..1 "
                + "(the training set's), found 2"), printed);
        assertTrue(!java.nio.file.Files.exists(out.resolve("model.zip")), "nothing trained");
    }

    @Test
    void oneBasedLabelsAreIndexedAndEvaluateAndPredictReportThem() throws IOException {
        LabeledRecords train = TableFixtures.embedded("train");
        LabeledRecords test = TableFixtures.embedded("test");
        int[] first = new int[2000];
        java.util.Arrays.setAll(first, i -> i);
        TableFixtures.csv(train.select(first), dir.resolve("coded-train.csv"), 1);
        TableFixtures.csv(test.select(java.util.Arrays.copyOf(first, 500)), dir.resolve("coded-test.csv"), 1);
        Path out = dir.resolve("coded");
        String coded = dir.resolve("coded-train.csv").toString();
        String codedTest = dir.resolve("coded-test.csv").toString();
        run(3, "train", "--master", "local[2]", "--data", coded, "--test-data", codedTest, "--out", out.toString());
        run(0, "train", "--master", "local[2]", "--data", coded, "--test-data", codedTest, "--index-labels", "--out",
                out.toString(), "--epochs", "2", "--shards", "2", "--set", "model.hidden-layers=32");
        double trained = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).at("/test/accuracy")
                .asDouble();
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\"]",
                manifest.at("/data/labels").toString());

        String evaluated = run(0, "evaluate", "--master", "local[2]", "--model", out.resolve("model.zip").toString(),
                "--data", codedTest);
        assertTrue(evaluated.contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f on 500 records",
                trained)), evaluated);
        assertTrue(evaluated.contains("support  label") && evaluated.contains("  10\n"), evaluated);

        String parquet = dir.resolve("predictions.parquet").toString();
        run(0, "predict", "--master", "local[2]", "--model", out.resolve("model.zip").toString(), "--data", codedTest,
                "--out", parquet);
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> predicted = spark.read().parquet(parquet);
        assertEquals(500, predicted.count());
        long correct = predicted.filter("label = predicted_label").count();
        assertEquals(trained, correct / 500.0, 1e-9, "predict agrees with the run's evaluation");
        // prediction is the class index, as the Spark ML model's: labels 1..10 are classes 0..9.
        assertEquals(correct, predicted.filter("prediction = label - 1").count());
        assertTrue(List.of(predicted.columns()).containsAll(List.of("label", "source_file", "source_line",
                "prediction", "predicted_label", "probability")), String.join(",", predicted.columns()));

        String csv = dir.resolve("predictions.csv").toString();
        run(0, "predict", "--master", "local[2]", "--model", out.resolve("model.zip").toString(), "--data", codedTest,
                "--out", csv);
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> csvRows = spark.read().option("header", true).csv(csv);
        assertEquals(500, csvRows.count());
        assertTrue(List.of(csvRows.columns()).containsAll(List.of("p_1", "p_10", "predicted_label")),
                String.join(",", csvRows.columns()));
        assertEquals(correct, csvRows.filter("label = predicted_label").count());
        run(2, "predict", "--master", "local[2]", "--model", out.resolve("model.zip").toString(), "--data", codedTest,
                "--out", csv);
    }

    @Test
    void aTableOfBytesIsStandardizedByDl4jsNormalizerInTrainingEvaluateAndPredict() throws IOException {
        int[] first = new int[2000];
        java.util.Arrays.setAll(first, i -> i);
        Path data = dir.resolve("raw.csv");
        TableFixtures.rawCsv(TableFixtures.embedded("train").select(first), data);
        Path out = dir.resolve("raw");
        String printed = run(0, "train", "--master", "local[2]", "--data", data.toString(), "--out", out.toString(),
                "--epochs", "2", "--shards", "2", "--set", "model.hidden-layers=32", "--set",
                "data.test-fraction=0.25");
        assertTrue(printed.contains("records of 1x784"), printed);
        double trained = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).at("/test/accuracy")
                .asDouble();
        assertTrue(trained > 0.6, printed);
        // The same held-out rows (same seed), scored by evaluate from the saved model and its normalizer.
        String evaluated = run(0, "evaluate", "--master", "local[2]", "--model", out.resolve("model.zip").toString(),
                "--data", data.toString(), "--set", "data.test-fraction=0.25");
        assertTrue(evaluated.contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f", trained)),
                trained + "\n" + evaluated);
        String predictions = dir.resolve("raw-predictions.parquet").toString();
        run(0, "predict", "--master", "local[2]", "--model", out.resolve("model.zip").toString(), "--data",
                data.toString(), "--out", predictions);
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> scored = spark.read().parquet(predictions);
        assertEquals(2000, scored.count());
        assertTrue(scored.filter("label = predicted_label").count() > 1200);
    }
}
