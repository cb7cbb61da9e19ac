package io.paramavg.e2e.yarn;

import io.paramavg.driver.line.SparkLine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits paramavg to the test cluster as a user on an edge node would, in a process of its own with only
 * {@code HADOOP_CONF_DIR}/{@code YARN_CONF_DIR} pointing at the cluster and no {@code SPARK_HOME}: through
 * {@code scripts/paramavg}, or through a plain {@code spark-submit} of the application jar (the embedded
 * Spark's {@code SparkSubmit} class, which is what the launcher runs when there is no Spark distribution).
 */
final class Submitter {
    /** Where the test's addresses stay: Spark binds to loopback in the client, the ApplicationMaster and executors. */
    private static final String LOOPBACK = "127.0.0.1";

    private final Path root;
    private final Path confDir;
    private final String sparkArchive;

    /**
     * @param root         the repository
     * @param confDir      the cluster's configuration folder
     * @param sparkArchive Spark's jars on HDFS, for {@code spark.yarn.archive}
     */
    Submitter(Path root, Path confDir, String sparkArchive) {
        this.root = root;
        this.confDir = confDir;
        this.sparkArchive = sparkArchive;
    }

    /** What a run's output and exit code were. */
    record Outcome(int code, String output) {
    }

    /**
     * spark-submit's options for a run on this cluster: two executors of one core and 1 GiB heap, a 1 GiB
     * driver, 512 MiB of off-heap room each (ND4J's arrays live outside the heap), 4.5 GiB of the
     * NodeManager's 6 in all; Spark's jars from HDFS; one attempt (YARN's second attempt of a failed run
     * would fail the same way, or find the first one's outputs); everything on loopback. {@code tag} (lower
     * case: YARN lowers tags) finds the application in {@link YarnApps#tagged}.
     */
    List<String> yarnOptions(String deployMode, String tag) {
        return new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", deployMode,
                // paramavg refuses a cluster whose Spark RPC is unauthenticated; on YARN Spark makes the secret.
                "--conf", "spark.authenticate=true",
                "--conf", "spark.yarn.tags=" + tag, "--conf", "spark.yarn.maxAppAttempts=1",
                "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "1g", "--driver-memory", "1g",
                "--conf", "spark.executor.memoryOverhead=512m", "--conf", "spark.driver.memoryOverhead=512m",
                // Training starts once both executors are up, even on a busy machine that takes long to start
                // their JVMs (Spark's default gives up after 30 s and the shards share the executors there are).
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--conf", "spark.yarn.archive=" + sparkArchive,
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=" + LOOPBACK,
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=" + LOOPBACK));
    }

    /** {@code scripts/paramavg <arguments>}. */
    List<String> launcher(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("scripts/paramavg"));
        command.addAll(arguments);
        return command;
    }

    /**
     * {@code spark-submit <options> --class io.paramavg.driver.Main <application jar> <arguments>}, with the
     * embedded Spark's SparkSubmit on the classpath the launcher gives it: the Hadoop configuration folder, then
     * the driver module's classpath.
     */
    List<String> sparkSubmit(List<String> options, List<String> arguments) throws IOException {
        Path target = root.resolve("driver/target");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        // The same --add-opens list this JVM runs with (surefire's argLine, from the root pom).
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-Dio.netty")).forEach(command::add);
        command.addAll(List.of("-cp", confDir + java.io.File.pathSeparator
                + Files.readString(target.resolve("classpath.txt")).strip(), "org.apache.spark.deploy.SparkSubmit"));
        command.addAll(options);
        command.addAll(List.of("--class", "io.paramavg.driver.Main", applicationJar(target).toString()));
        command.addAll(arguments);
        return command;
    }

    /** Runs {@code command} in the repository and waits for it. */
    Outcome run(List<String> command) throws IOException, InterruptedException {
        Process process = start(command);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(process.waitFor(), output);
    }

    /** Starts {@code command} in the repository, stdout and stderr merged. */
    Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().remove("SPARK_HOME");
        builder.environment().put("HADOOP_CONF_DIR", confDir.toString());
        builder.environment().put("YARN_CONF_DIR", confDir.toString());
        builder.environment().put("SPARK_LOCAL_IP", LOOPBACK);
        // The client-mode driver runs in the launcher's JVM: 1.5 GiB is plenty for it and the machine is small.
        builder.environment().put("JAVA_OPTS", "-Xmx1536m");
        return builder.start();
    }

    /** The application jar of the Spark line these tests run on (target/ may hold the other line's too). */
    private static Path applicationJar(Path target) throws IOException {
        String suffix = "-" + SparkLine.NAME + ".jar";
        try (var jars = Files.list(target)) {
            return jars.filter(jar -> jar.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no paramavg-driver-*" + suffix + " in " + target
                            + ": run ./mvnw package -DskipTests first"));
        }
    }
}
