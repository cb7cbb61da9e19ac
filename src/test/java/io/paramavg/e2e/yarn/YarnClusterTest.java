package io.paramavg.e2e.yarn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import io.paramavg.worker.testing.IdxFixtures;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * paramavg on Hadoop YARN: a MiniYARNCluster and a MiniDFSCluster in this JVM, the application submitted to them
 * through {@code scripts/paramavg} and through a plain spark-submit, in client and in cluster deploy mode, data
 * and outputs on HDFS, executors in YARN containers (separate JVMs started by the NodeManager).
 */
@Tag("slow")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterTest {
    private static final java.nio.file.Path ROOT = java.nio.file.Path.of("..").toAbsolutePath().normalize();
    private static final List<String> OUTPUTS = List.of("model.zip", "metrics.json", "manifest.json", "report.html");
    /** The training every run here does: the embedded sample's digits from HDFS, 2 epochs on 2 shards. */
    private static final List<String> EPOCHS = List.of("--epochs", "2", "--shards", "2");
    /** The start of the one warning a cluster run without Spark's authentication gets. */
    private static final String CLEAR_SPARK_WARNING = "spark.network.crypto.enabled is off on master yarn";

    @TempDir
    static java.nio.file.Path work;
    private static MiniHadoop hadoop;
    private static FileSystem fs;
    private static YarnApps apps;
    private static Submitter submitter;
    private static String hdfs;
    /** The test accuracy of the same run on local[2], computed once. */
    private static double localAccuracy = Double.NaN;

    @BeforeAll
    static void startCluster() throws Exception {
        hadoop = MiniHadoop.start(work.resolve("cluster"));
        fs = hadoop.fs();
        hdfs = hadoop.hdfsUri();
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz")) {
            try (InputStream in = YarnClusterTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name);
                 FSDataOutputStream out = fs.create(new Path("/datasets/mnist/" + name))) {
                in.transferTo(out);
            }
        }
        java.nio.file.Path confDir = HadoopConfDir.write(work.resolve("hadoop-conf"), hadoop.clientConfig());
        String archive = SparkJarsArchive.put(ROOT.resolve("driver/target/spark-classpath.txt"), fs,
                new Path("/spark/spark-jars.zip"));
        apps = new YarnApps(hadoop.clientConfig());
        submitter = new Submitter(ROOT, confDir, archive);
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (apps != null) {
                apps.close();
            }
        } finally {
            if (hadoop != null) {
                hadoop.close();
            }
        }
    }

    @Test
    @Order(1)
    void clientModeThroughTheLauncherTrainsOnTwoContainersAndWritesItsOutputsToHdfs() throws Exception {
        String out = hdfs + "/runs/client";
        List<String> arguments = new ArrayList<>(submitter.yarnOptions("client", "paramavg-client"));
        arguments.addAll(List.of("train", "--data", hdfs + "/datasets/mnist", "--out", out));
        arguments.addAll(EPOCHS);
        Submitter.Outcome trained = submitter.run(submitter.launcher(arguments));

        assertEquals(0, trained.code(), trained.output());
        assertTrue(trained.output().contains("through the embedded Spark's SparkSubmit"), trained.output());
        assertFinished(apps.tagged("paramavg-client"), FinalApplicationStatus.SUCCEEDED, trained.output());
        assertTrainedOnTwoExecutors(out, trained.output());
    }

    @Test
    @Order(2)
    void clusterModeThroughSparkSubmitRunsTheDriverInAContainerAndWritesItsOutputsToHdfs() throws Exception {
        String out = hdfs + "/runs/cluster";
        List<String> arguments = new ArrayList<>(List.of("train", "--data", hdfs + "/datasets/mnist", "--out", out));
        arguments.addAll(EPOCHS);
        Submitter.Outcome trained = submitter.run(submitter.sparkSubmit(
                submitter.yarnOptions("cluster", "paramavg-cluster"), arguments));

        ApplicationReport app = apps.tagged("paramavg-cluster");
        String driverLog = ContainerLogs.read(hadoop.containerLogDirs(), apps.masterContainer(app));
        assertEquals(0, trained.code(), trained.output() + driverLog);
        assertFinished(app, FinalApplicationStatus.SUCCEEDED, driverLog);
        // The driver's progress goes to its container's log, not to the terminal that submitted it.
        assertTrue(driverLog.contains("epoch 2/2"), driverLog);
        // Authenticated without Spark's RPC encryption: the driver says once what crosses the network in clear
        // (the run with both on says nothing).
        assertTrue(driverLog.contains(CLEAR_SPARK_WARNING), driverLog);
        assertTrainedOnTwoExecutors(out, driverLog);
    }

    @Test
    @Order(3)
    void aCorruptIdxFileFailsTheClusterModeApplicationWithTheLocalErrorLineAndWritesNothing() throws Exception {
        // The embedded sample with its training images' gzip stream cut in half: the driver finds it reading them.
        String data = hdfs + "/datasets/corrupt-idx";
        for (String name : List.of("train-labels-idx1-ubyte.gz", "test-images-idx3-ubyte.gz",
                "test-labels-idx1-ubyte.gz")) {
            org.apache.hadoop.fs.FileUtil.copy(fs, new Path("/datasets/mnist/" + name), fs,
                    new Path("/datasets/corrupt-idx/" + name), false, fs.getConf());
        }
        byte[] images;
        try (FSDataInputStream in = fs.open(new Path("/datasets/mnist/train-images-idx3-ubyte.gz"))) {
            images = in.readAllBytes();
        }
        write("/datasets/corrupt-idx/train-images-idx3-ubyte.gz", IdxFixtures.truncate(images, images.length / 2));

        String line = assertFailsAsLocally("corrupt-idx", List.of("--data", data));
        assertTrue(line.contains(data + "/train-images-idx3-ubyte.gz"), line);
    }

    @Test
    @Order(4)
    void aBrokenCsvRowFailsTheClusterModeApplicationWithTheLocalErrorLineAndWritesNothing() throws Exception {
        // A small two-class table whose row 120 lost a field: an executor finds it in the validation pass.
        StringBuilder train = new StringBuilder("label,a,b,c\n");
        for (int row = 1; row <= 200; row++) {
            train.append(row % 2).append(',').append(row % 7).append(',').append(row % 5).append(row == 120 ? "" : ",1")
                    .append('\n');
        }
        write("/tables/broken/train.csv", train.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        write("/tables/broken/test.csv", train.toString().replace("\n0,1,0\n", "\n0,1,0,1\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));

        String line = assertFailsAsLocally("broken-csv", List.of("--data", hdfs + "/tables/broken/train.csv",
                "--test-data", hdfs + "/tables/broken/test.csv"));
        assertTrue(line.contains(hdfs + "/tables/broken/train.csv"), line);
    }

    @Tag("line-independent")
    @Test
    @Order(5)
    void retrainInClusterModePromotesThenIsIdempotentAndItsExitCodeBecomesTheFinalStatus() throws Exception {
        List<String> retrain = List.of("retrain", "--registry", hdfs + "/registry", "--data", hdfs + "/datasets/mnist",
                "--epochs", "1", "--shards", "2");
        String promoted = retrainInClusterMode("retrain-promotes", retrain, FinalApplicationStatus.SUCCEEDED);
        assertTrue(promoted.contains("training version 1 from scratch"), promoted);
        assertEquals("1", text("/registry/CURRENT"));
        for (String name : List.of("model.zip", "metrics.json", "manifest.json")) {
            assertTrue(fs.exists(new Path("/registry/versions/1/" + name)), name);
        }

        String again = retrainInClusterMode("retrain-again", retrain, FinalApplicationStatus.SUCCEEDED);
        assertTrue(again.contains("nothing to do: version 1 was trained on the same data and configuration"), again);
        assertFalse(fs.exists(new Path("/registry/versions/2")));

        // A version that is not better by the margin is kept out (exit code 10): the application FAILED, and its
        // diagnostics say which code and why, for a scheduler that reads the final status.
        List<String> notBetter = new ArrayList<>(retrain);
        notBetter.addAll(List.of("--force", "--min-improvement", "0.5"));
        String kept = retrainInClusterMode("retrain-not-promoted", notBetter, FinalApplicationStatus.FAILED);
        assertTrue(kept.contains("not better by 0.5000"), kept);
        assertTrue(apps.tagged("retrain-not-promoted").getDiagnostics().contains("paramavg exited with code 10: "
                + "retrain only: a new version was trained but is not better"),
                apps.tagged("retrain-not-promoted").getDiagnostics());
        assertEquals("1", text("/registry/CURRENT"));
        assertFalse(fs.exists(new Path("/registry/.paramavg.lock")), "the lock is released");
    }

    /**
     * Runs {@code arguments} through the launcher in cluster mode; checks that the launcher's exit code and the
     * application's final status agree with {@code status}; returns the driver's log.
     */
    private static String retrainInClusterMode(String tag, List<String> arguments, FinalApplicationStatus status)
            throws Exception {
        List<String> command = new ArrayList<>(submitter.yarnOptions("cluster", tag));
        command.addAll(arguments);
        Submitter.Outcome outcome = submitter.run(submitter.launcher(command));
        ApplicationReport app = apps.tagged(tag);
        String driverLog = ContainerLogs.read(hadoop.containerLogDirs(), apps.masterContainer(app));
        assertFinished(app, status, outcome.output() + driverLog);
        // spark-submit waits for a cluster-mode application and exits 0 only if it SUCCEEDED.
        assertEquals(status == FinalApplicationStatus.SUCCEEDED, outcome.code() == 0,
                "exit code " + outcome.code() + "\n" + outcome.output());
        return driverLog;
    }

    @Tag("line-independent")
    @Test
    @Order(6)
    void anExecutorContainerKilledThroughYarnMidStageCostsARerunOfTheStageNotTheRun() throws Exception {
        String out = hdfs + "/runs/executor-killed";
        List<String> arguments = new ArrayList<>(submitter.yarnOptions("client", "executor-killed"));
        arguments.addAll(List.of("train", "--data", hdfs + "/datasets/mnist", "--out", out));
        arguments.addAll(EPOCHS);
        Process driver = submitter.start(submitter.launcher(arguments));
        StringBuilder output = new StringBuilder();
        String killed = null;
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                driver.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (killed == null && line.contains("epoch 1 round")) {
                    // The first stage is training on both executors: YARN kills one's container, as it does
                    // when it pre-empts a container or loses a node.
                    List<org.apache.hadoop.yarn.api.records.ContainerId> executors =
                            apps.runningExecutors(apps.tagged("executor-killed"));
                    assertEquals(2, executors.size(), executors + "\n" + output);
                    apps.kill(executors.get(0));
                    killed = executors.get(0).toString();
                }
            }
        } finally {
            driver.destroy();
        }
        assertEquals(0, driver.waitFor(), output.toString());
        assertTrue(killed != null, "no executor was killed: the run printed no round of epoch 1\n" + output);
        assertTrue(output.toString().contains("failed") && output.toString().contains("running it again from its start"),
                "the stage ran again\n" + output);
        assertFinished(apps.tagged("executor-killed"), FinalApplicationStatus.SUCCEEDED, output.toString());
        assertTrue(fs.exists(new Path(out, "model.zip")), output.toString());
        assertEquals(localAccuracy(), json(out + "/metrics.json").at("/test/accuracy").asDouble(), 0.01,
                output.toString());
    }

    @Tag("line-independent")
    @Test
    @Order(7)
    void withSparkAuthenticateTheExecutorsInContainersExchangeAndNoWarningIsGiven() throws Exception {
        String out = hdfs + "/runs/authenticated";
        List<String> options = submitter.yarnOptions("cluster", "authenticated");
        // YARN hands Spark's secret to the driver and executors itself: nothing but the switch to set.
        options.addAll(List.of("--conf", "spark.authenticate=true", "--conf", "spark.network.crypto.enabled=true"));
        List<String> arguments = new ArrayList<>(List.of("train", "--data", hdfs + "/datasets/mnist", "--out", out));
        arguments.addAll(EPOCHS);
        Submitter.Outcome trained = submitter.run(submitter.sparkSubmit(options, arguments));

        ApplicationReport app = apps.tagged("authenticated");
        String driverLog = ContainerLogs.read(hadoop.containerLogDirs(), apps.masterContainer(app));
        assertEquals(0, trained.code(), trained.output() + driverLog);
        assertFinished(app, FinalApplicationStatus.SUCCEEDED, driverLog);
        assertTrue(driverLog.contains("authentication enabled"), "Spark's own RPC authenticates\n" + driverLog);
        assertFalse(driverLog.contains(CLEAR_SPARK_WARNING), driverLog);
        // Two executor JVMs trained the two shards: their tasks reached each other's listeners, proved the run's
        // secret and averaged over encrypted frames (train.exchange-encryption=auto follows Spark's crypto).
        assertTrainedOnTwoExecutors(out, driverLog);
    }

    @Tag("line-independent")
    @Test
    @Order(8)
    void withoutSparkAuthenticateTheRunIsRefusedNamingTheSettingThatWouldAllowIt() throws Exception {
        String out = hdfs + "/runs/open";
        List<String> arguments = new ArrayList<>(submitter.yarnOptions("client", "open"));
        arguments.addAll(List.of("--conf", "spark.authenticate=false")); // the later --conf wins
        arguments.addAll(List.of("train", "--data", hdfs + "/datasets/mnist", "--out", out));
        arguments.addAll(EPOCHS);
        Submitter.Outcome refused = submitter.run(submitter.launcher(arguments));

        assertEquals(2, refused.code(), refused.output());
        assertTrue(refused.output().contains("spark.authenticate is off on master yarn"), refused.output());
        assertTrue(refused.output().contains("--set train.allow-unauthenticated-spark=true"), refused.output());
        assertFalse(refused.output().contains("epoch 1/"), "nothing trained\n" + refused.output());
        assertFalse(fs.exists(new Path(out + "/model.zip")), out);
    }

    /**
     * Training on {@code data} fails on local[2] with exit code 3 and one line; in YARN's cluster mode the same
     * training fails the application, whose diagnostics and driver log carry that line, and writes no output.
     * Returns the line.
     */
    private static String assertFailsAsLocally(String tag, List<String> data) throws Exception {
        String localOut = hdfs + "/runs/" + tag + "-local";
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        List<String> local = new ArrayList<>(List.of("train", "--master", "local[2]", "--out", localOut));
        local.addAll(data);
        int code = Commands.run(local.toArray(new String[0]), System.out,
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        String line = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(3, code, line);
        assertEquals(1, line.lines().count(), line);
        assertFalse(fs.exists(new Path(localOut)), localOut);

        String out = hdfs + "/runs/" + tag;
        List<String> arguments = new ArrayList<>(List.of("train", "--out", out));
        arguments.addAll(data);
        Submitter.Outcome failed = submitter.run(submitter.sparkSubmit(submitter.yarnOptions("cluster", tag),
                arguments));
        ApplicationReport app = apps.tagged(tag);
        String driverLog = ContainerLogs.read(hadoop.containerLogDirs(), apps.masterContainer(app));

        assertTrue(failed.code() != 0, failed.output());
        assertFinished(app, FinalApplicationStatus.FAILED, driverLog);
        assertTrue(driverLog.contains(line + System.lineSeparator()), "the driver's log has the line\n" + driverLog);
        assertTrue(app.getDiagnostics().contains(line + " (exit code 3)"), app.getDiagnostics());
        assertFalse(fs.exists(new Path(out)), "nothing may be written for bad data: " + out);
        return line;
    }

    private static void write(String file, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(new Path(file))) {
            out.write(bytes);
        }
    }

    private static void assertFinished(ApplicationReport app, FinalApplicationStatus status, String log) {
        assertEquals(status, app.getFinalApplicationStatus(), app.getDiagnostics() + "\n" + log);
    }

    /** The outputs are on HDFS, two executor JVMs trained, and the accuracy is local mode's within 0.01. */
    private static void assertTrainedOnTwoExecutors(String out, String log) throws IOException {
        Set<String> names = new TreeSet<>();
        for (FileStatus status : fs.listStatus(new Path(out))) {
            names.add(status.getPath().getName());
        }
        assertTrue(names.containsAll(OUTPUTS), names + "\n" + log);
        JsonNode manifest = json(out + "/manifest.json");
        assertEquals("yarn", manifest.get("spark_master").asText());
        Set<String> executors = new HashSet<>();
        manifest.get("executors").forEach(executor -> executors.add(executor.asText()));
        assertEquals(2, executors.size(), "executors: " + executors + "\n" + log);
        assertEquals(localAccuracy(), json(out + "/metrics.json").at("/test/accuracy").asDouble(), 0.01, log);
    }

    /** The same training on local[2] in this JVM, reading the same files from HDFS. */
    private static double localAccuracy() throws IOException {
        if (Double.isNaN(localAccuracy)) {
            String out = hdfs + "/runs/local";
            String[] arguments = Stream.concat(Stream.of("train", "--master", "local[2]", "--data",
                    hdfs + "/datasets/mnist", "--out", out), EPOCHS.stream()).toArray(String[]::new);
            assertEquals(0, Commands.run(arguments, System.out, System.err), Arrays.toString(arguments));
            localAccuracy = json(out + "/metrics.json").at("/test/accuracy").asDouble();
        }
        return localAccuracy;
    }

    private static String text(String file) throws IOException {
        try (FSDataInputStream in = fs.open(new Path(file))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }

        private static JsonNode json(String file) throws IOException {
        try (FSDataInputStream in = fs.open(new Path(file))) {
            return new ObjectMapper().readTree(in);
        }
    }
}
