package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.worker.nd4j.BlasKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's cluster path, for real: scripts/cluster starts a Spark standalone Master and two Workers
 * on 127.0.0.1 (separate JVMs), scripts/paramavg submits the shaded application jar to it, and the
 * executors (two more JVMs) train.
 */
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterEndToEndTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    @TempDir
    static Path work;
    private static int port;
    /** The accuracy of the uninterrupted 4-epoch run, which the run with a killed executor must match. */
    private static double uninterruptedAccuracy = Double.NaN;
    /** Its parameters, which the run with a killed executor must end with bit for bit. */
    private static float[] uninterruptedParameters;

    @BeforeAll
    static void startCluster() throws IOException, InterruptedException {
        port = freePort();
        Result started = run(List.of("scripts/cluster", "start", "--workers", "2", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()), "--worker-memory", "1500m"));
        assertEquals(0, started.code(), started.output());
    }

    @AfterAll
    static void stopCluster() throws IOException, InterruptedException {
        Result stopped = run(List.of("scripts/cluster", "stop"));
        assertEquals(0, stopped.code(), stopped.output());
    }

    @Test
    @Order(1)
    void submittedJobTrainsOnTwoExecutorProcessesAndReachesTheLocalModeAccuracy()
            throws IOException, InterruptedException {
        Path out = work.resolve("run");
        Result trained = run(List.of("scripts/paramavg", "train", "--master", "spark://127.0.0.1:" + port,
                "--executor-memory", "1g", "--epochs", "4", "--shards", "2", "--out", out.toString()));
        assertEquals(0, trained.code(), trained.output());

        // Training is seeded and does not depend on where tasks run: local mode reaches 0.9440 after 4 epochs
        // with these settings (same seed, same shards).
        double accuracy = new ObjectMapper().readTree(out.resolve("metrics.json").toFile())
                .at("/test/accuracy").asDouble();
        uninterruptedAccuracy = accuracy;
        uninterruptedParameters = parameters(out);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        Set<String> pids = new HashSet<>();
        manifest.get("executors").forEach(executor -> pids.add(executor.asText().split("@")[0]));
        assertEquals(2, pids.size(), "executors: " + manifest.get("executors") + "\n" + trained.output());
        assertTrue(!pids.contains(String.valueOf(ProcessHandle.current().pid())));
        assertTrue(manifest.get("spark_master").asText().startsWith("spark://127.0.0.1:"));

        assertEquals(0.9440, accuracy, 0.005, "accuracy\n" + trained.output());
        assertTrue(trained.output().contains("executor "), trained.output());
        assertTrue(trained.output().contains("through the embedded Spark's SparkSubmit"), trained.output());
        // scripts/cluster's Spark authenticates and encrypts its RPC, and the launcher used its secret.
        assertTrue(trained.output().contains("using scripts/cluster's Spark configuration"), trained.output());
        assertFalse(trained.output().contains("spark.network.crypto.enabled is off"), trained.output());
        // The Workers (scripts/cluster) and the executor environment (a loopback master) carry the kernel
        // chosen from this CPU's flags, so no executor sets it from inside its running JVM.
        String kernel = BlasKernel.forFlags(BlasKernel.thisCpuFlags());
        if (kernel != null) {
            // OpenBLAS names its kernels in its own case (SkylakeX, Haswell, Sandybridge).
            assertTrue(trained.output().toLowerCase(java.util.Locale.ROOT).contains("openblas "
                    + kernel.toLowerCase(java.util.Locale.ROOT) + " (chosen from the cpu's flags before the jvm "
                    + "started)"), trained.output());
        }
    }

    @Test
    @Order(2)
    void aKilledExecutorCostsARetryNotTheRun() throws IOException, InterruptedException {
        Path out = work.resolve("run-executor-killed");
        ProcessBuilder builder = new ProcessBuilder("scripts/paramavg", "train", "--master", "spark://127.0.0.1:" + port,
                "--executor-memory", "1g", "--epochs", "4", "--shards", "2", "--out", out.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("PARAMAVG_CLUSTER_DIR", work.resolve("cluster").toString());
        builder.environment().remove("SPARK_HOME");
        Process driver = builder.start();
        StringBuilder output = new StringBuilder();
        long killed = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (killed < 0 && line.contains("epoch 2 round")) {
                    // An executor is a child JVM of its Worker: kill worker 1's, as a pre-empted host would lose it.
                    long worker = Long.parseLong(Files.readString(work.resolve("cluster/worker-1.pid")).strip());
                    ProcessHandle executor = ProcessHandle.of(worker).orElseThrow().children().findFirst()
                            .orElseThrow(() -> new AssertionError("worker 1 runs no executor\n" + output));
                    killed = executor.pid();
                    executor.destroyForcibly();
                }
            }
        }
        assertEquals(0, driver.waitFor(), output.toString());
        assertTrue(killed > 0, "no executor was killed: the run never reached epoch 2\n" + output);

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertTrue(manifest.get("executors").toString().contains(killed + "@"), manifest.get("executors").toString());
        double accuracy = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).at("/test/accuracy")
                .asDouble();
        assertEquals(uninterruptedAccuracy, accuracy, 0.0, output.toString());
        // The stage the executor was lost in failed and ran again from its start (paramavg's resubmission, or
        // Spark's own relaunch of the barrier stage), and training is deterministic: the same model, bit for bit.
        assertTrue(output.toString().contains("running it again from its start")
                || output.toString().contains("Spark relaunched the stage of"), output.toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(uninterruptedParameters, parameters(out), output.toString());
    }

    private static float[] parameters(Path run) throws IOException {
        return org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), false)
                .params().data().asFloat();
    }

    @Test
    @Order(3)
    void withSparkHomeSetTheLauncherSubmitsThroughItsSparkSubmit() throws IOException, InterruptedException {
        // scripts/cluster leaves a SPARK_HOME (Spark's jars and a bin/spark-submit) in its work folder.
        Path sparkHome = work.resolve("cluster/spark-home");
        Path out = work.resolve("run-spark-home");
        Result trained = run(List.of("scripts/paramavg", "train", "--master", "spark://127.0.0.1:" + port,
                "--executor-memory", "1g", "--epochs", "1", "--shards", "2", "--out", out.toString()),
                sparkHome.toString());
        assertEquals(0, trained.code(), trained.output());
        assertTrue(trained.output().contains("through " + sparkHome + "/bin/spark-submit"), trained.output());
        assertTrue(Files.exists(out.resolve("model.zip")), trained.output());
    }

    @Test
    @Order(4)
    void aCsvTableTrainsAndIsScoredOnTheClusterAsInLocalMode() throws IOException, InterruptedException {
        int[] first = new int[2000];
        java.util.Arrays.setAll(first, i -> i);
        Path train = work.resolve("digits-train.csv");
        Path test = work.resolve("digits-test.csv");
        TableFixtures.csv(TableFixtures.embedded("train").select(first), train);
        TableFixtures.csv(TableFixtures.embedded("test").select(java.util.Arrays.copyOf(first, 500)), test);
        List<String> settings = List.of("--data", train.toString(), "--test-data", test.toString(), "--epochs", "2",
                "--shards", "2", "--set", "model.hidden-layers=32");
        double[] accuracy = new double[2];
        String[] predictions = new String[2];
        String[] masters = {"spark://127.0.0.1:" + port, "local[2]"};
        for (int m = 0; m < 2; m++) {
            Path out = work.resolve("table-run-" + m);
            List<String> command = new java.util.ArrayList<>(List.of("train", "--master", masters[m], "--out",
                    out.toString()));
            command.addAll(settings);
            if (m == 0) {
                command.add(0, "scripts/paramavg");
                command.addAll(List.of("--executor-memory", "1g"));
                Result trained = run(command);
                assertEquals(0, trained.code(), trained.output());
                // Each executor's first ND4J call builds a table partition; the native set-up still came first.
                assertTrue(trained.output().contains("executor "), trained.output());
                assertFalse(trained.output().contains("shape descriptors from"), trained.output());
                assertFalse(trained.output().contains("too late to choose"), trained.output());
            } else {
                // Local mode in this JVM: a launcher JVM more would only add start-up time.
                assertEquals(0, io.paramavg.driver.cli.Commands.run(command.toArray(new String[0]), System.out,
                        System.err));
            }
            accuracy[m] = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).at("/test/accuracy")
                    .asDouble();
            Path scored = work.resolve("table-predictions-" + m + ".csv");
            List<String> predict = List.of("predict", "--master", masters[m], "--model",
                    out.resolve("model.zip").toString(), "--data", test.toString(), "--out", scored.toString());
            if (m == 0) {
                List<String> launched = new java.util.ArrayList<>(predict);
                launched.add(0, "scripts/paramavg");
                Result predicted = run(launched);
                assertEquals(0, predicted.code(), predicted.output());
            } else {
                assertEquals(0, io.paramavg.driver.cli.Commands.run(predict.toArray(new String[0]), System.out,
                        System.err));
            }
            java.util.List<String> lines = new java.util.ArrayList<>();
            try (var parts = Files.list(scored)) {
                for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                    // label, source_file, source_line, prediction, predicted_label, p_0..p_9: compare the row
                    // and its predicted label (the probabilities' last bits may depend on native threads).
                    Files.readAllLines(part).stream().filter(l -> !l.startsWith("label,")).map(l -> l.split(","))
                            .map(f -> f[0] + "," + f[2] + "," + f[4]).forEach(lines::add);
                }
            }
            java.util.Collections.sort(lines);
            assertEquals(500, lines.size());
            predictions[m] = String.join("\n", lines);
        }
        // Seeded and independent of where tasks run: the cluster's run and scores are local mode's.
        assertEquals(accuracy[1], accuracy[0], 1e-12);
        assertEquals(predictions[1], predictions[0]);
    }

    record Result(int code, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    static Result run(List<String> command, String sparkHome) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("PARAMAVG_CLUSTER_DIR", work.resolve("cluster").toString());
        builder.environment().remove("SPARK_HOME");
        // As on a machine where nobody set it: the scripts choose OpenBLAS's kernel.
        builder.environment().remove(BlasKernel.VARIABLE);
        builder.environment().remove(BlasKernel.LAUNCHER_MARK);
        if (sparkHome != null) {
            builder.environment().put("SPARK_HOME", sparkHome);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
