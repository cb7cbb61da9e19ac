package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import io.paramavg.worker.model.NetworkState;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.util.ModelSerializer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The field's workflow on the embedded sample: a validation split, early stopping on it with the best
 * epoch kept, a resumed run stopping where the uninterrupted one did, the curves in the report, and a
 * search over settings chosen by validation data. One local[2] context for the class.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ValidationEndToEndTest {
    /** The command of docs/validation-and-tuning.md: a fifth held out, patience 2, at most 40 epochs. */
    private static final List<String> EARLY_STOPPING = List.of("train", "--set", "train.validation-fraction=0.2",
            "--set", "train.early-stopping-patience=2", "--epochs", "40");
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        // The commands join this context instead of starting their own.
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("paramavg-validation-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void aRunThatOverfitsStopsEarlyKeepsTheBestEpochAndResumesToTheSameStop(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Outcome trained = run(withOut(EARLY_STOPPING, out));
        assertEquals(0, trained.code(), trained.out() + trained.err());
        JsonNode metrics = json(out.resolve("metrics.json"));
        int epochs = metrics.at("/epochs").size();
        int best = metrics.at("/best_epoch").asInt();
        assertTrue(metrics.at("/stopped_early").asBoolean(), trained.out());
        assertTrue(epochs < 40, "stopped after " + epochs + " epochs");
        assertEquals(epochs - 2, best, "patience 2: it stops two epochs after the best");
        assertTrue(trained.out().contains("stopped early after " + epochs + " of 40 epochs"), trained.out());
        for (JsonNode epoch : metrics.at("/epochs")) {
            for (String field : List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy")) {
                assertTrue(epoch.get(field).isNumber(), field + " of epoch " + epoch.get("epoch"));
            }
        }
        double bestLoss = metrics.at("/epochs/" + (best - 1) + "/val_loss").asDouble();
        for (JsonNode epoch : metrics.at("/epochs")) {
            assertTrue(epoch.get("val_loss").asDouble() >= bestLoss, "epoch " + epoch.get("epoch") + " beat the best");
        }
        assertEquals(bestLoss, metrics.at("/validation/loss").asDouble(), 1e-12);
        // The written model is the best epoch's: its test accuracy is that epoch's, and evaluate reproduces it.
        double testAccuracy = metrics.at("/test/accuracy").asDouble();
        assertEquals(metrics.at("/epochs/" + (best - 1) + "/test_accuracy").asDouble(), testAccuracy, 1e-12);
        Outcome evaluated = run(List.of("evaluate", "--model", out.resolve("model.zip").toString()));
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(evaluated.out().contains(String.format("test accuracy %.4f", testAccuracy)), evaluated.out());

        // Killed after the best epoch: what is left is the checkpoints up to then, nothing else.
        Path killed = dir.resolve("killed");
        copyTree(out, killed);
        for (String name : List.of("model.zip", "metrics.json", "manifest.json", "report.html")) {
            Files.delete(killed.resolve(name));
        }
        List<Path> checkpoints;
        try (Stream<Path> files = Files.list(killed.resolve("checkpoints"))) {
            checkpoints = files.sorted().toList();
        }
        Files.delete(checkpoints.get(checkpoints.size() - 1));
        Outcome resumed = run(withOut(List.of("train", "--resume", "--set", "train.validation-fraction=0.2",
                "--set", "train.early-stopping-patience=2", "--epochs", "40"), killed));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        JsonNode resumedMetrics = json(killed.resolve("metrics.json"));
        assertEquals(best, resumedMetrics.at("/best_epoch").asInt());
        assertEquals(epochs, resumedMetrics.at("/epochs/" + (resumedMetrics.at("/epochs").size() - 1) + "/epoch")
                .asInt(), "the resumed run stops at the same epoch");
        assertArrayEquals(parameters(out.resolve("model.zip")), parameters(killed.resolve("model.zip")),
                "the same parameters");
    }

    @Test
    void theReportDrawsBothCurvesPerEpochAndMarksTheBestEpochAndTheStop(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Outcome trained = run(withOut(List.of("train", "--set", "train.validation-fraction=0.2", "--set",
                "train.early-stopping-patience=1", "--set", "model.hidden-layers=64", "--epochs", "30"), out));
        assertEquals(0, trained.code(), trained.err());
        JsonNode metrics = json(out.resolve("metrics.json"));
        int epochs = metrics.at("/epochs").size();
        String dom = Chromium.dumpDom(out.resolve("report.html"));
        assertTrue(dom.contains("data-rendered=\"true\""), "the page's script ran to the end");
        for (String series : List.of("train_loss", "val_loss", "train_accuracy", "val_accuracy")) {
            assertTrue(dom.contains("data-series=\"" + series + "\" data-points=\"" + epochs + "\""),
                    series + ": one point per epoch");
            JsonNode last = metrics.at("/epochs/" + (epochs - 1));
            assertTrue(dom.contains("data-series=\"" + series + "\" data-epoch=\"" + epochs + "\" data-value=\""
                    + last.get(series).asText() + "\""), series + " of the last epoch, as metrics.json has it");
        }
        assertTrue(dom.contains("class=\"best-mark\" data-epoch=\"" + metrics.at("/best_epoch").asInt() + "\""),
                "the best epoch is marked");
        assertEquals(metrics.at("/stopped_early").asBoolean(),
                dom.contains("class=\"stop-mark\" data-epoch=\"" + epochs + "\""), "the stop is marked when it stopped");
        assertTrue(dom.contains("epoch-tick"), "epoch ticks");
    }

    @Test
    void aSearchChoosesTheTrialWithTheBestValidationLossAndKeepsItsModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("search");
        Outcome searched = run(List.of("tune", "--grid", "model.learning-rate=0.001,0.01", "--grid",
                "model.hidden-layers=16;64", "--epochs", "2", "--set", "train.validation-fraction=0.2",
                "--out", out.toString()));
        assertEquals(0, searched.code(), searched.out() + searched.err());
        JsonNode table = json(out.resolve("tune.json"));
        assertEquals(4, table.at("/trials").size());
        double smallest = Double.MAX_VALUE;
        String chosen = null;
        for (JsonNode trial : table.at("/trials")) {
            if (trial.get("value").asDouble() < smallest) {
                smallest = trial.get("value").asDouble();
                chosen = trial.get("name").asText();
            }
        }
        assertEquals(chosen, table.at("/best/name").asText());
        assertArrayEquals(parameters(Path.of(java.net.URI.create(table.at("/best/folder").asText()))
                .resolve("model.zip")), parameters(out.resolve("model.zip")), "the chosen trial's model is kept");
        assertTrue(searched.out().contains("chose " + chosen + " by val-loss"), searched.out());
        assertTrue(Files.exists(out.resolve("tune.html")));

        Outcome again = run(List.of("tune", "--grid", "model.learning-rate=0.001,0.01", "--grid",
                "model.hidden-layers=16;64", "--epochs", "2", "--set", "train.validation-fraction=0.2",
                "--out", out.toString(), "--resume"));
        assertEquals(0, again.code(), again.err());
        assertEquals(4, again.out().split("already trained", -1).length - 1, "--resume skips finished trials");
    }

    @Test
    void aBadGridValueOrNoValidationDataIsExit2BeforeAnyTrial(@TempDir Path dir) {
        Path out = dir.resolve("search");
        Outcome broken = run(List.of("tune", "--grid", "model.learning-rate=0.001,-1", "--set",
                "train.validation-fraction=0.2", "--out", out.toString()));
        assertEquals(2, broken.code(), broken.err());
        assertTrue(broken.err().contains("model.learning-rate must be a number > 0, found '-1'"), broken.err());
        Outcome blind = run(List.of("tune", "--grid", "model.learning-rate=0.001,0.01", "--out", out.toString()));
        assertEquals(2, blind.code(), blind.err());
        assertTrue(blind.err().contains("tune chooses by validation data, and there is none"), blind.err());
        assertFalse(Files.exists(out.resolve("trials")), "no trial ran");
    }

    @Test
    void aValidationFolderIsScoredEveryEpochAndAMissingOneIsRefused(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("validation"));
        for (String name : List.of("test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz")) {
            try (var in = ValidationEndToEndTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name)) {
                Files.copy(in, folder.resolve(name.replace("test-", "t10k-")));
            }
        }
        Path out = dir.resolve("run");
        Outcome trained = run(withOut(List.of("train", "--validation-data", folder.toString(), "--epochs", "2",
                "--set", "model.hidden-layers=32"), out));
        assertEquals(0, trained.code(), trained.out() + trained.err());
        assertTrue(trained.out().contains("validation: 2,000 records from "), trained.out());
        JsonNode metrics = json(out.resolve("metrics.json"));
        assertEquals(2000, metrics.at("/validation/examples").asInt());
        for (JsonNode epoch : metrics.at("/epochs")) {
            assertTrue(epoch.get("val_loss").isNumber(), "val_loss of epoch " + epoch.get("epoch"));
        }
        JsonNode inputs = json(out.resolve("manifest.json")).at("/inputs");
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            String file = folder.resolve(name).toString();
            assertTrue(java.util.stream.StreamSupport.stream(((Iterable<String>) inputs::fieldNames).spliterator(),
                    false).anyMatch(key -> key.endsWith(file) && inputs.get(key).path("sha256").asText()
                    .matches("[0-9a-f]{64}")), name + "'s checksum in the manifest: " + inputs);
        }

        Outcome missing = run(withOut(List.of("train", "--validation-data", dir.resolve("nowhere").toString()),
                dir.resolve("other")));
        assertEquals(3, missing.code(), missing.err());
        assertTrue(missing.err().contains(dir.resolve("nowhere").toString()), missing.err());
        assertFalse(Files.exists(dir.resolve("other").resolve("model.zip")));
    }

    record Outcome(int code, String out, String err) {
    }

    private static List<String> withOut(List<String> args, Path out) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString()));
        return all;
    }

    private static Outcome run(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--master", "local[2]"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static float[] parameters(Path model) throws IOException {
        return NetworkState.capture(ModelSerializer.restoreMultiLayerNetwork(model.toFile(), true)).parameters();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
