package io.paramavg.driver.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.testing.Golden;
import io.paramavg.driver.testing.MlflowServer;
import io.paramavg.ml.ParamAvgClassifier;
import io.paramavg.worker.testing.IdxFixtures;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs of {@code paramavg train} and a Spark ML fit recorded in a real MLflow tracking server (SQLite store, local
 * artifact folder, on 127.0.0.1), read back through MLflow's own Python client: every setting as a
 * param, each epoch's figures as metric histories, the final test metrics, the run's files and the ONNX
 * export as artifacts, and the status the run ended with; and a server that cannot be reached is one
 * warning and changes nothing else. The REST client is the same on both Spark lines: the default line runs it.
 */
@Tag("line-independent")
class MlflowTrackingTest {
    @TempDir
    static Path dir;
    private static MlflowServer server;
    private static Path data;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        server = MlflowServer.start(Files.createDirectories(dir.resolve("mlflow")));
        data = tinyData(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Golden.Outcome train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
                "--master", "local[2]", "--epochs", "2", "--shards", "2", "--set", "model.hidden-layers=4"));
        args.addAll(List.of(more));
        return Golden.paramavg(args.toArray(new String[0]));
    }

    @Test
    void aRunIsRecordedWithEverySettingEachEpochTheFinalMetricsItsFilesAndFinished() throws Exception {
        Path out = dir.resolve("recorded");

        Golden.Outcome trained = train(out, "--set", "mlflow.tracking-uri=" + server.uri(), "--set",
                "mlflow.experiment=recorded");

        assertEquals(0, trained.code(), trained.err());
        JsonNode runs = server.runs("recorded");
        assertEquals(1, runs.size(), runs.toString());
        JsonNode run = runs.get(0);
        assertEquals("FINISHED", run.path("status").asText());
        assertEquals("recorded", run.path("name").asText(), "the output folder's name");
        JsonNode manifest = Json.mapper().readTree(out.resolve(OutputFiles.MANIFEST).toFile());
        for (ConfigKey key : ConfigKey.values()) {
            assertEquals(manifest.at("/configuration").path(key.key()).asText(),
                    run.path("params").path(key.key()).asText(), key.key());
        }
        assertEquals(ConfigKey.values().length, run.path("params").size());
        assertEquals(2, run.at("/history/train_loss").size());
        assertEquals(1, run.at("/history/train_loss/0/0").asInt(), "steps are epochs, from 1");
        assertEquals(2, run.at("/history/train_loss/1/0").asInt());
        assertEquals(2, run.at("/history/epoch_seconds").size());
        JsonNode metrics = Json.mapper().readTree(out.resolve(OutputFiles.METRICS).toFile());
        assertEquals(metrics.at("/test/accuracy").asDouble(), run.at("/metrics/final_test_accuracy").asDouble());
        assertEquals(metrics.at("/epochs/1/train_loss").asDouble(), run.at("/history/train_loss/1/1").asDouble(),
                1e-12);
        assertEquals(List.of("manifest.json", "model.onnx", "model.zip", "report.html"),
                Json.mapper().convertValue(run.path("artifacts"), List.class));
        assertTrue(trained.out().contains("mlflow: logging to run " + run.path("id").asText()), trained.out());
    }

    @Test
    void aRunThatFailsAfterItStartedIsRecordedAsFailed() throws Exception {
        Golden.Outcome failed = train(dir.resolve("failed"), "--shards", "50", "--set", "mlflow.tracking-uri="
                + server.uri(), "--set", "mlflow.experiment=failed", "--set", "mlflow.run-name=too many shards");

        assertEquals(2, failed.code(), failed.err());
        JsonNode runs = server.runs("failed");
        assertEquals(1, runs.size(), runs.toString());
        assertEquals("FAILED", runs.get(0).path("status").asText());
        assertEquals("too many shards", runs.get(0).path("name").asText());
    }

    @Test
    void anUnreachableServerIsOneWarningAndTheRunWritesWhatItWritesWithout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path out = dir.resolve("unreachable");

        Golden.Outcome trained = train(out, "--set", "mlflow.tracking-uri=http://127.0.0.1:" + closed);

        assertEquals(0, trained.code(), trained.err());
        List<String> warnings = Stream.concat(trained.out().lines(), trained.err().lines())
                .filter(line -> line.contains("mlflow")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: mlflow: http://127.0.0.1:" + closed), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("the run goes on without MLflow (its own files are written as always)"),
                warnings.get(0));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("checkpoints", "manifest.json", "metrics.json", "model.zip", "report.html"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void retrainRegistersAPromotedVersionUnderTheAliasAndOnlyLogsOneThatIsNotBetter() throws Exception {
        List<String> retrain = List.of("retrain", "--registry", dir.resolve("registry").toString(), "--data",
                data.toString(), "--master", "local[2]", "--epochs", "2", "--shards", "2", "--set",
                "model.hidden-layers=4", "--set", "mlflow.tracking-uri=" + server.uri(), "--set",
                "mlflow.experiment=retrain", "--set", "mlflow.registered-model=tiny");

        Golden.Outcome first = Golden.paramavg(retrain.toArray(new String[0]));
        List<String> again = new ArrayList<>(retrain);
        again.addAll(List.of("--force", "--min-improvement", "1"));
        Golden.Outcome second = Golden.paramavg(again.toArray(new String[0]));

        assertEquals(0, first.code(), first.err());
        assertEquals(10, second.code(), second.err());
        JsonNode runs = server.runs("retrain");
        assertEquals(2, runs.size(), runs.toString());
        JsonNode promoted = null;
        for (JsonNode run : runs) {
            assertEquals("FINISHED", run.path("status").asText());
            if (run.at("/tags/paramavg.decision").asText().equals("promoted")) {
                promoted = run;
            } else {
                assertEquals("kept", run.at("/tags/paramavg.decision").asText(), run.toString());
                assertEquals("2", run.at("/tags/paramavg.version").asText());
            }
        }
        assertEquals("1", promoted.at("/tags/paramavg.version").asText(), runs.toString());
        JsonNode registered = server.registry("tiny", "champion");
        assertEquals(1, registered.path("versions").size(), registered.toString());
        assertEquals(promoted.path("id").asText(), registered.at("/versions/0/run_id").asText());
        assertEquals(registered.at("/versions/0/version").asText(), registered.path("alias").asText());
        assertTrue(first.out().contains("mlflow: registered as version 1 of model 'tiny', alias 'champion'"),
                first.out());
    }

    @Test
    void aRunWhoseJvmIsStoppedWhileTrainingIsRecordedAsKilled() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-agentlib:jdwp")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.paramavg.driver.Main", "train",
                "--data", data.toString(), "--out", dir.resolve("killed").toString(), "--master", "local[2]",
                "--epochs", "100000", "--shards", "2", "--set", "model.hidden-layers=4",
                "--set", "mlflow.tracking-uri=" + server.uri(), "--set", "mlflow.experiment=killed"));
        Path output = dir.resolve("killed.log");
        Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        try {
            // Stopped once it trains, as a scheduler or Ctrl-C stops a job: SIGTERM, shutdown hooks run.
            while (Files.readAllLines(output).stream().noneMatch(line -> line.startsWith("epoch 1/"))) {
                assertTrue(training.isAlive(), "the run ended before its first epoch: " + Files.readString(output));
                Thread.sleep(200);
            }
            training.destroy();
            assertTrue(training.waitFor(5, TimeUnit.MINUTES), "the stopped JVM did not end");
        } finally {
            training.destroyForcibly();
        }

        JsonNode runs = server.runs("killed");
        assertEquals(1, runs.size(), runs.toString());
        assertEquals("KILLED", runs.get(0).path("status").asText(), Files.readString(output));
    }

    @Test
    void aSparkMlFitIsRecordedWhenItsParamsNameTheServer() throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("paramavg-mlflow-fit")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                rows.add(RowFactory.create((double) (i % 2), Vectors.dense(i % 2, 1 - i % 2, i / 30.0)));
            }
            Dataset<Row> table = spark.createDataFrame(rows, new StructType().add("label", DataTypes.DoubleType)
                    .add("features", SQLDataTypes.VectorType()));
            ParamAvgClassifier classifier = new ParamAvgClassifier().setHiddenLayers(new int[] {4}).setEpochs(2)
                    .setShards(1);
            classifier.set(classifier.getParam("trackingUri"), server.uri());
            classifier.set(classifier.getParam("experiment"), "fit");
            classifier.set(classifier.getParam("runName"), "a fit");

            classifier.fit(table);
        } finally {
            spark.stop();
        }

        JsonNode runs = server.runs("fit");
        assertEquals(1, runs.size(), runs.toString());
        assertEquals("FINISHED", runs.get(0).path("status").asText());
        assertEquals("a fit", runs.get(0).path("name").asText());
        assertEquals("2", runs.get(0).at("/params/train.epochs").asText());
        assertEquals(2, runs.get(0).at("/history/train_loss").size());
        assertEquals(List.of("manifest.json", "model.onnx", "model.zip", "report.html"),
                Json.mapper().convertValue(runs.get(0).path("artifacts"), List.class));
    }

    @Test
    void theGuidesExampleLogsARunToTheServerItNames() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "sharing.md"));
        String line = guide.substring(guide.indexOf("\n## MLflow")).lines()
                .filter(l -> l.startsWith("scripts/paramavg train ")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>();
        for (String word : line.substring("scripts/paramavg ".length()).split(" ")) {
            // The page's server is this test's: the one substitution; the rest runs as written.
            args.add(word.replace("'", "").replace("http://127.0.0.1:5000", server.uri()));
        }
        assertTrue(Files.readString(Path.of("..", "README.md")).contains("\n" + line + "\n"),
                "the README shows the guide's line");
        Path out = Path.of(args.get(args.indexOf("--out") + 1));
        deleteTree(out);

        Golden.Outcome trained = Golden.paramavg(args.toArray(new String[0]));

        assertEquals(0, trained.code(), trained.err());
        JsonNode runs = server.runs("digits");
        assertEquals(1, runs.size(), runs.toString());
        assertEquals("FINISHED", runs.get(0).path("status").asText());
        assertEquals(List.of("manifest.json", "model.onnx", "model.zip", "report.html"),
                Json.mapper().convertValue(runs.get(0).path("artifacts"), List.class));
        deleteTree(out);
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static Path tinyData(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve("train-images-idx3-ubyte"), IdxFixtures.images(8, 3, 3, 1));
        Files.write(folder.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels((byte) 0, (byte) 1, (byte) 1,
                (byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 1));
        Files.write(folder.resolve("t10k-images-idx3-ubyte"), IdxFixtures.images(2, 3, 3, 2));
        Files.write(folder.resolve("t10k-labels-idx1-ubyte"), IdxFixtures.labels((byte) 1, (byte) 0));
        return folder;
    }
}
