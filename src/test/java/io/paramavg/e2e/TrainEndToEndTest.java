package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import io.paramavg.driver.output.ModelArchive;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.eval.ShardEvaluator;
import io.paramavg.worker.nd4j.BlasKernel;
import io.paramavg.worker.testing.ListeningSockets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code paramavg train} with its defaults, in local[2], as a user runs it. */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TrainEndToEndTest {
    /** What the default configuration reaches on the embedded sample, local[2], seed 42 (README quick start). */
    private static final double KNOWN_ACCURACY = 0.9570;

    @Test
    void defaultTrainingOnTheEmbeddedSampleReachesItsKnownAccuracyAndWritesLoadableOutputs(@TempDir Path dir)
            throws IOException {
        Path out = dir.resolve("run");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = Commands.run(new String[] {"train", "--master", "local[2]", "--out", out.toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("epoch 15/15"), printed);

        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double accuracy = metrics.at("/test/accuracy").asDouble();
        // Seeded and deterministic: the README's quick start figure; a real regression moves it.
        assertEquals(KNOWN_ACCURACY, accuracy, 0.005, "test accuracy");
        assertEquals(15, metrics.at("/epochs").size());
        assertEquals(10, metrics.at("/test/confusion_matrix").size());
        assertTrue(metrics.at("/rounds").size() > 15);
        assertTrue(metrics.at("/examples_per_second").asDouble() > 0);
        assertTrue(printed.contains(String.format("test accuracy %.4f", accuracy)), printed);

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("dbc04d29d05e4c9225454f108d630e509f095315d2cd5488da3a0ad798d3775c",
                manifest.at("/inputs/embedded:train-images-idx3-ubyte.gz/sha256").asText());
        assertEquals("42", manifest.at("/configuration/train.seed").asText());
        assertEquals(System.getProperty("dl4j.version"), manifest.at("/versions/dl4j").asText());

        // The model is a plain DL4J ModelSerializer zip: it loads without paramavg and scores the same,
        // and its provenance travels inside it, readable with DL4J's own API.
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(out.resolve("model.zip").toFile(), true);
        assertEquals(accuracy, ShardEvaluator.evaluate(model, embeddedTestSet()).accuracy(), 1e-9);
        String embedded = ModelSerializer.getObjectFromFile(out.resolve("model.zip").toFile(),
                ModelArchive.MANIFEST_KEY);
        assertEquals(manifest, new ObjectMapper().readTree(embedded));
    }

    private static LabeledRecords embeddedTestSet() throws IOException {
        try (InputStream images = resource("test-images-idx3-ubyte.gz");
             InputStream labels = resource("test-labels-idx1-ubyte.gz")) {
            return LabeledRecords.pair("images", IdxReader.readImages("images", images), "labels",
                    IdxReader.readLabels("labels", labels), 10);
        }
    }

    private static InputStream resource(String name) {
        return TrainEndToEndTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name);
    }

    @Test
    void launcherScriptTrainsAndReportsExitCodes(@TempDir Path dir) throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process help = new ProcessBuilder(root.resolve("scripts/paramavg").toString(), "train", "--help")
                .redirectErrorStream(true).start();
        String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, help.waitFor(), helpText);
        assertTrue(helpText.contains("Usage: paramavg train"), helpText);

        Path out = dir.resolve("run");
        Process train = new ProcessBuilder(root.resolve("scripts/paramavg").toString(), "train", "--epochs", "1",
                "--master", "local[2]", "--out", out.toString()).redirectErrorStream(true).start();
        String log = new String(train.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, train.waitFor(), log);
        assertTrue(log.contains("epoch 1/1"), log);
        assertTrue(Files.exists(out.resolve("model.zip")), log);
        assertTrue(!log.contains(" INFO "), "Spark's INFO logging must be off by default:\n" + log);

        Process bad = new ProcessBuilder(root.resolve("scripts/paramavg").toString(), "train", "--data",
                dir.resolve("missing").toString()).redirectErrorStream(true).start();
        String badLog = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, bad.waitFor(), badLog);
        assertTrue(badLog.contains("no such folder"), badLog);
    }

    /**
     * A JVM whose OpenMP pool has a thread per core (what a Spark ML user's own JVM gets; the launcher
     * sets one) trains two tasks at once and names its natives: the executor's description of its
     * OpenBLAS once re-opened the library with JNA's defaults and made OpenBLAS abort ("too many memory
     * regions") or crash in sgemm.
     */
    @Test
    void aJvmWithAnOpenMpThreadPerCoreTrainsAndNamesItsBlasKernel(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/paramavg").toString(), "train", "--epochs",
                "2", "--master", "local[2]", "--out", dir.resolve("run").toString()).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(Math.max(2,
                Runtime.getRuntime().availableProcessors())));
        // As on a machine where nobody set it: the launcher chooses before the JVM starts.
        builder.environment().remove(BlasKernel.VARIABLE);
        builder.environment().remove(BlasKernel.LAUNCHER_MARK);
        Process train = builder.start();
        String log = new String(train.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, train.waitFor(), log);
        assertTrue(log.contains("epoch 2/2"), log);
        assertTrue(log.matches("(?s).*executor \\S+ \\(CpuBackend, OpenBLAS \\w+ .*"), log);
        String kernel = BlasKernel.forFlags(BlasKernel.thisCpuFlags());
        if (kernel != null) {
            assertTrue(log.toLowerCase(Locale.ROOT).contains("openblas " + kernel.toLowerCase(Locale.ROOT)
                    + " (chosen from the cpu's flags before the jvm started)"), log);
        }
    }

    @Test
    void aLocalRunListensOnLoopbackOnly(@TempDir Path dir) throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process train = new ProcessBuilder(root.resolve("scripts/paramavg").toString(), "train", "--epochs", "2",
                "--master", "local[2]", "--out", dir.resolve("run").toString()).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(train.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.append(line).append('\n');
                // By the first round line the UI, the driver's RPC and the block manager all listen.
                if (line.startsWith("training (")) {
                    Thread.sleep(2_000);
                    break;
                }
            }
            List<String> listening = ListeningSockets.of(train.pid());
            assertTrue(log.toString().contains("Spark UI: http://127.0.0.1:"), log.toString());
            assertFalse(listening.isEmpty(), "the driver listens on something:\n" + log);
            for (String address : listening) {
                assertTrue(ListeningSockets.isLoopback(address), "listening on " + address + " (all: " + listening
                        + ")\n" + log);
            }
        } finally {
            train.destroyForcibly().waitFor();
        }
    }
}
