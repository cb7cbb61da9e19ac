package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paramavg.driver.line.SparkLine;
import io.paramavg.worker.nd4j.BlasKernel;
import io.paramavg.worker.nd4j.NativeSetupHook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmark: each configuration in a child JVM, one after the other, then prints a table
 * and writes it as JSON and Markdown, with the targets checked against the figures. Options:
 * {@code --data DIR --epochs N --accuracy-epochs N --shard-sweep-epochs N --frequency-sweep-epochs N
 * --tta-epochs N --cluster-epochs N --reference PROGRAM --torch PYTHON --results DIR --page FILE} (0 epochs skips
 * that run or sweep; the cluster run takes {@code --epochs} unless told; a page, when named, is the
 * documentation's performance page, written with its figures beside it; the PyTorch rows ({@link TorchRuns}) run
 * only with a Python that has PyTorch).
 *
 * <p>The comparison runs 8 epochs and takes the median of those after the first. A paramavg JVM on this
 * 2-core machine spends its first ~9 s with HotSpot's C2 compiler thread busy 50-90% of a core (compiling
 * ND4J's Java layer, measured per thread from /proc), which the two training tasks share the cores with:
 * its rounds take twice as long through the second epoch and part of the third (each ~2 s). With 4 epochs
 * the median was one of those; the plain program's epochs (6 s, one task beside the compiler) are level
 * from the second.
 */
public final class Benchmark {
    private final List<String> jvm;
    private final String data;

    private Benchmark(String data) {
        this.data = data;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // The children get this JVM's options (heap, --add-opens, logging) and classpath.
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchRun.class.getName());
        this.jvm = command;
    }

    static final String SINGLE = "plain DL4J, batch 32, ND4J default threads (one per core)";
    /** The plain program as shipped: OpenBLAS chooses its own kernel (the children's OPENBLAS_CORETYPE is removed). */
    static final String SINGLE_ONE_THREAD = "plain DL4J, batch 32, 1 ND4J thread";
    static final String SINGLE_KERNEL = "plain DL4J, batch 32, 1 ND4J thread, OPENBLAS_CORETYPE=";
    static final String HOST_ADAM = "plain DL4J loop on paramavg's network (Java Adam, paramavg's native set-up), batch 32, "
            + "1 thread";
    static final String HOST_ADAM_AVX512 = HOST_ADAM + ", libnd4j's AVX-512 build";
    /**
     * The jar of ND4J's AVX-512 build of libnd4j ({@code nd4j-native}, classifier
     * {@code linux-x86_64-avx512}; scripts/bench fetches it): the benchmark runs paramavg's network on it
     * too. It is never on the project's classpath: JavaCPP loads it in preference to the generic build
     * wherever both are present, and a test JVM that ran other natives than the launcher's JVMs would no
     * longer resume bit for bit.
     */
    static final String AVX512_BUILD_PROPERTY = "paramavg.bench.avx512-natives";
    /** What ND4J's AVX-512 build of libnd4j is compiled for (as its build flags say: Skylake-X's set). */
    private static final java.util.Set<String> AVX512_BUILD_NEEDS = java.util.Set.of("avx512f", "avx512cd", "avx512bw",
            "avx512dq", "avx512vl");
    static final String PARAMAVG_ONE = "paramavg, local[2], 1 shard";
    static final String PARAMAVG = "paramavg, local[2], 2 shards";
    static final String DL4J_SPARK = "dl4j-spark, local[2], 2 shards";
    static final String CLUSTER = "paramavg, loopback standalone cluster (2 worker JVMs), 2 shards";
    static final double TARGET_ACCURACY = 0.88;
    /** paramavg's time-to-accuracy run: its default configuration (also the accuracy run). */
    static final String TTA_DEFAULTS = "paramavg, default configuration, local[2], 2 shards";
    /**
     * paramavg with a larger minibatch and learning rate than its defaults, at which few shards reach the
     * target in about as many epochs as the default configuration, each epoch cheaper (see docs/scaling.md).
     */
    static final int LARGE_BATCH = 128;
    static final String LARGE_BATCH_SETTINGS = "model.learning-rate=0.002";
    static final String TTA_LARGE_BATCH = "paramavg, batch " + LARGE_BATCH + ", " + LARGE_BATCH_SETTINGS
            + " (not the defaults), local[2], 2 shards";
    static final String REFERENCE = "/work/shared/reference/plain-dl4j/run";
    /** paramavg's network in the plain loop at the batch PyTorch gains most from (issue 30's per-core target). */
    static final String HOST_ADAM_LARGE_BATCH = "plain DL4J loop on paramavg's network, batch " + LARGE_BATCH
            + ", 1 thread";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--data", "/usr/share/datasets/fashion-mnist",
                "--epochs", "8", "--accuracy-epochs", "15", "--shard-sweep-epochs", "15", "--frequency-sweep-epochs", "2",
                "--results", "bench-results", "--tta-epochs", "15", "--reference", REFERENCE, "--cluster-epochs", "",
                "--page", ""));
        options.put("--exchange-stages", "10"); // Map.of takes at most ten pairs
        options.put("--torch", "");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int epochs = Integer.parseInt(options.get("--epochs"));
        Benchmark bench = new Benchmark(options.get("--data"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        report.put("date", Instant.now().toString());
        report.put("command", "scripts/bench " + String.join(" ", args));
        report.put("commit", commit());
        report.put("machine", machine());
        report.put("data", options.get("--data"));
        report.put("epochs", epochs);
        report.put("batch_size", BenchRun.BATCH);
        report.put("model", BenchRun.MODEL.toString());

        ObjectNode main = report.putObject("comparison");
        // The plain DL4J program is the baseline: with ND4J's default threads (what a plain program gets)
        // and with 1 thread (faster here on small minibatches); batch 32 is the default batch.
        main.set(SINGLE_ONE_THREAD, bench.run("single", epochs, 1, 1));
        // The plain program with each kernel this CPU can run: the best of them (or OpenBLAS's own) is the
        // "best kernel" baseline, which the time-to-accuracy runs of the plain program use too.
        String bestKernel = null;
        double bestSeconds = main.get(SINGLE_ONE_THREAD).get("seconds_per_epoch").asDouble();
        // The two newest kernels the CPU can run (an older one is slower on a CPU that runs a newer).
        List<String> kernels = BlasKernel.runnable(BlasKernel.thisCpuFlags());
        for (String kernel : kernels.subList(0, Math.min(2, kernels.size()))) {
            JsonNode run = bench.withKernel("single", epochs, 1, 1, BenchRun.BATCH, 0, kernel);
            main.set(SINGLE_KERNEL + kernel, run);
            if (run.get("seconds_per_epoch").asDouble() < bestSeconds) {
                bestSeconds = run.get("seconds_per_epoch").asDouble();
                bestKernel = kernel;
            }
        }
        report.put("best_kernel", bestKernel == null ? "OpenBLAS's own" : bestKernel);
        main.set(HOST_ADAM, bench.run("single-host-adam", epochs, 1, 1));
        main.set(HOST_ADAM_LARGE_BATCH, bench.run("single-host-adam", epochs, 1, 1, LARGE_BATCH, 0));
        String avx512Build = System.getProperty(AVX512_BUILD_PROPERTY, "");
        if (!avx512Build.isEmpty() && BlasKernel.thisCpuFlags().containsAll(AVX512_BUILD_NEEDS)) {
            main.set(HOST_ADAM_AVX512, bench.withNatives(avx512Build).run("single-host-adam", epochs, 1, 1,
                    BenchRun.BATCH, 0, "default"));
        }
        main.set(PARAMAVG_ONE, bench.run("paramavg", epochs, 1, 10));
        main.set(PARAMAVG, bench.run("paramavg", epochs, 2, 10));
        main.set(SINGLE, bench.run("single", epochs, 1, 0));
        // DL4J's Spark module is published for Scala 2.12 only: the Spark 4 line's report says why the row is missing.
        if (SparkLine.dl4jSparkUnavailable().isEmpty()) {
            main.set(DL4J_SPARK, bench.run("dl4j-spark", epochs, 2, 10));
        } else {
            report.put("dl4j_spark_skipped", "this is the " + SparkLine.NAME + " build; the row needs the Spark 3.5 "
                    + "build (./mvnw -Pspark-3.5)");
        }
        main.set("Spark MLlib MLP (sigmoid, L-BFGS), local[2]", bench.run("mllib", epochs, 2, 1));
        String clusterEpochs = options.get("--cluster-epochs").isEmpty() ? String.valueOf(epochs)
                : options.get("--cluster-epochs");
        if (!clusterEpochs.equals("0")) {
            main.set(CLUSTER, bench.cluster(Integer.parseInt(clusterEpochs)));
        }

        int ttaEpochs = Integer.parseInt(options.get("--tta-epochs"));
        // What a data engineer would otherwise write, on the same files and cores: evaluated every epoch, so the
        // same runs give the time to accuracy; at least --epochs epochs each, at most the time-to-accuracy's.
        String torch = options.get("--torch");
        String torchMissing = TorchRuns.unavailable(torch);
        if (torchMissing.isEmpty()) {
            TorchRuns runs = new TorchRuns(torch, options.get("--data"), epochs, Math.max(epochs, ttaEpochs),
                    TARGET_ACCURACY);
            runs.all().forEach(main::set);
        } else {
            report.put("pytorch_skipped", torchMissing);
        }

        int exchangeStages = Integer.parseInt(options.get("--exchange-stages"));
        if (exchangeStages > 0) {
            // What the handshake (once per stage) and encryption (every round) cost, the exchange alone.
            report.set("exchange_security", bench.run("exchange-cost", exchangeStages, ExchangeCost.RANKS, 50));
        }
        report.set("model_values", json.valueToTree(modelValues()));
        String reference = options.get("--reference");
        if (!reference.isEmpty() && Files.isExecutable(Path.of(reference)) && !options.get("--data").equals("embedded")) {
            report.set("reference_program", bench.reference(reference, epochs));
        }
        if (ttaEpochs > 0) {
            ObjectNode tta = report.putObject("time_to_accuracy");
            tta.put("target", TARGET_ACCURACY);
            for (int batch : new int[] {32, 128}) {
                tta.set("plain DL4J, batch " + batch + ", 1 ND4J thread, "
                        + (bestKernel == null ? "OpenBLAS's own kernel" : "OPENBLAS_CORETYPE=" + bestKernel),
                        bench.withKernel("single", ttaEpochs, 1, 1, batch, TARGET_ACCURACY, bestKernel));
            }
            main.properties().stream().filter(row -> row.getKey().startsWith(TorchRuns.PYTORCH))
                    .forEach(row -> tta.set(row.getKey(), row.getValue()));
        }
        int accuracyEpochs = Integer.parseInt(options.get("--accuracy-epochs"));
        JsonNode accuracyRun = null;
        if (accuracyEpochs > 0) {
            // Evaluates every epoch: also paramavg's time-to-accuracy row (the default configuration).
            accuracyRun = bench.run("paramavg", accuracyEpochs, 2, BenchRun.DEFAULTS.averagingFrequency(),
                    BenchRun.DEFAULTS.batchSize(), TARGET_ACCURACY);
            if (report.has("time_to_accuracy")) {
                ObjectNode tta = (ObjectNode) report.get("time_to_accuracy");
                tta.set(TTA_DEFAULTS, accuracyRun);
                tta.set(TTA_LARGE_BATCH, bench.run("paramavg", ttaEpochs, 2, BenchRun.DEFAULTS.averagingFrequency(),
                        LARGE_BATCH, TARGET_ACCURACY, "set:" + LARGE_BATCH_SETTINGS));
            }
            report.set("accuracy_run", accuracyRun);
            ((ObjectNode) accuracyRun).put("epochs", accuracyEpochs);
        }
        int shardEpochs = Integer.parseInt(options.get("--shard-sweep-epochs"));
        if (shardEpochs > 0) {
            ObjectNode byShards = report.putObject("shard_sweep");
            byShards.put("epochs", shardEpochs);
            byShards.put("batch_size", BenchRun.DEFAULTS.batchSize());
            byShards.put("averaging_frequency", BenchRun.DEFAULTS.averagingFrequency());
            for (int shards : new int[] {1, 2, 4, 8}) {
                // The accuracy run is the 2-shard point when the epoch counts agree: no need to train it twice.
                boolean reuse = shards == 2 && accuracyRun != null && accuracyEpochs == shardEpochs;
                byShards.set(String.valueOf(shards), reuse ? accuracyRun : bench.run("paramavg", shardEpochs, shards,
                        BenchRun.DEFAULTS.averagingFrequency(), BenchRun.DEFAULTS.batchSize(), 0));
            }
        }
        int frequencyEpochs = Integer.parseInt(options.get("--frequency-sweep-epochs"));
        if (frequencyEpochs > 0) {
            ObjectNode byFrequency = report.putObject("frequency_sweep");
            byFrequency.put("epochs", frequencyEpochs);
            byFrequency.put("batch_size", BenchRun.DEFAULTS.batchSize());
            for (int frequency : new int[] {1, 5, 20, 100}) {
                byFrequency.set(String.valueOf(frequency), bench.run("paramavg", frequencyEpochs, 4, frequency,
                        BenchRun.DEFAULTS.batchSize(), 0));
            }
        }
        String markdown = Tables.markdown(report);
        System.out.println();
        System.out.println(markdown);
        Path results = Files.createDirectories(Path.of(options.get("--results")));
        Files.writeString(results.resolve("bench.json"), json.writeValueAsString(report));
        Files.writeString(results.resolve("bench.md"), markdown);
        System.out.println("wrote " + results.resolve("bench.json") + " and " + results.resolve("bench.md"));
        if (!options.get("--page").isEmpty()) {
            // The documentation's performance page: the same tables, with where and when they were measured,
            // and the figures beside it (PerformancePageTest re-renders the page from them).
            Path page = Path.of(options.get("--page"));
            Files.writeString(page, Tables.page(report));
            Files.writeString(Tables.figuresOf(page), json.writeValueAsString(report));
            System.out.println("wrote " + page + " and " + Tables.figuresOf(page));
        }
    }

    private JsonNode run(String kind, int epochs, int shards, int frequency) throws IOException, InterruptedException {
        return run(kind, epochs, shards, frequency, BenchRun.BATCH, 0);
    }

    /** A run under {@code OPENBLAS_CORETYPE=kernel} (null: none, OpenBLAS or paramavg chooses). */
    private JsonNode withKernel(String kind, int epochs, int shards, int frequency, int batch, double target,
                                String kernel) throws IOException, InterruptedException {
        return run(kind, epochs, shards, frequency, batch, target, "default", kernel, BenchRun.SEED);
    }

    /** The shared reference program ({@code run DIR EPOCHS 32}, 1 thread, as shipped): seconds per epoch, parsed. */
    private JsonNode reference(String program, int epochs) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "== reference %s: %d epochs, batch 32%n", program, epochs);
        ProcessBuilder builder = new ProcessBuilder(program, data, String.valueOf(epochs), "32").redirectErrorStream(true);
        builder.environment().remove(BlasKernel.VARIABLE);
        Process child = builder.start();
        List<Double> seconds = new ArrayList<>();
        double accuracy = Double.NaN;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("   " + line);
                String[] words = line.trim().split("\\s+");
                if (words.length == 4 && words[0].equals("epoch") && words[3].equals("s")) {
                    seconds.add(Double.parseDouble(words[2]));
                } else if (words.length > 1 && words[0].equals("accuracy")) {
                    accuracy = Double.parseDouble(words[1]);
                }
            }
        }
        if (child.waitFor() != 0 || seconds.isEmpty()) {
            throw new IllegalStateException("the reference program failed");
        }
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.putPOJO("epoch_seconds", seconds);
        node.put("seconds_per_epoch", Stats.median(seconds.size() > 1 ? seconds.subList(1, seconds.size()) : seconds));
        node.put("test_accuracy", accuracy);
        return node;
    }

    /**
     * paramavg as a user runs it on a cluster: {@code scripts/cluster} starts a standalone Master and two
     * Workers on 127.0.0.1 (each in its own JVM, as are the two executors), {@code scripts/paramavg
     * train --master spark://...} submits to it, and the cluster is stopped afterwards whatever happened.
     */
    private JsonNode cluster(int epochs) throws IOException, InterruptedException {
        int port = freePort();
        Path work = Files.createTempDirectory("paramavg-bench-cluster");
        System.out.printf(Locale.ROOT, "== paramavg on a loopback standalone cluster (spark://127.0.0.1:%d, 2 workers): "
                + "%d epochs, 2 shards, averaging every 10%n", port, epochs);
        script(work, "scripts/cluster", "start", "--workers", "2", "--port", String.valueOf(port), "--webui-port",
                String.valueOf(freePort()), "--worker-memory", "1500m");
        try {
            Path out = work.resolve("run");
            script(work, "scripts/paramavg", "train", "--master", "spark://127.0.0.1:" + port, "--executor-memory",
                    "1g", "--data", data, "--epochs", String.valueOf(epochs), "--shards", "2", "--averaging-frequency",
                    "10", "--batch-size", String.valueOf(BenchRun.BATCH), "--seed", String.valueOf(BenchRun.SEED),
                    "--set", "train.eval-every=0", "--out", out.toString());
            ObjectNode node = new ObjectMapper().valueToTree(BenchRun.summary(out, epochs, BenchRun.BATCH, 0));
            node.put("shards", 2);
            node.put("averaging_frequency", 10);
            return node;
        } finally {
            script(work, "scripts/cluster", "stop");
        }
    }

    /**
     * Runs one of the repository's scripts (a path from the repository root) with its cluster work folder
     * under {@code work}; fails on a non-zero exit.
     */
    private static void script(Path work, String... command) throws IOException, InterruptedException {
        // scripts/bench runs from the repository root, the tests from the src module: look upwards.
        Path root = Path.of("").toAbsolutePath();
        while (root.getParent() != null && !Files.isExecutable(root.resolve(command[0]))) {
            root = root.getParent();
        }
        String[] resolved = command.clone();
        resolved[0] = root.resolve(command[0]).toString();
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("PARAMAVG_CLUSTER_DIR", work.resolve("cluster").toString());
        builder.environment().remove("SPARK_HOME");
        builder.environment().remove(BlasKernel.VARIABLE);
        builder.environment().remove(BlasKernel.LAUNCHER_MARK);
        Process process = builder.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("epoch ") || line.startsWith("cluster") || line.contains("accuracy")
                        || line.contains("ERROR") || line.contains("Exception")) {
                    System.out.println("   " + line);
                }
            }
        }
        int code = process.waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + code + ")");
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Values an executor sends per round: parameters plus updater state of the default model. */
    static Map<String, Long> modelValues() {
        var network = io.paramavg.worker.model.NetworkFactory.build(BenchRun.MODEL, 784, 10, BenchRun.SEED);
        long parameters = network.numParams();
        var updater = network.getUpdater(true);
        long updaterValues = updater == null || updater.getStateViewArray() == null ? 0
                : updater.getStateViewArray().length();
        return Map.of("parameters", parameters, "updater", updaterValues);
    }

    private JsonNode run(String kind, int epochs, int shards, int frequency, int batch, double target)
            throws IOException, InterruptedException {
        return run(kind, epochs, shards, frequency, batch, target, "default");
    }

    /** A harness on {@code data} whose runs are child JVMs with this JVM's options and classpath. */
    static Benchmark on(String data) {
        return new Benchmark(data);
    }

    /** This harness with ND4J's generic natives jar swapped for {@code nativesJar} in the children's classpath. */
    private Benchmark withNatives(String nativesJar) {
        Benchmark swapped = new Benchmark(data);
        int classpath = swapped.jvm.indexOf("-cp") + 1;
        swapped.jvm.set(classpath, java.util.Arrays.stream(swapped.jvm.get(classpath).split(java.io.File.pathSeparator))
                .map(entry -> entry.matches(".*/nd4j-native-[^/]*-linux-x86_64\\.jar") ? nativesJar : entry)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        return swapped;
    }

    /** One {@link BenchRun} in a child JVM; {@code rule} is BenchRun's RULE (plain or default). */
    JsonNode run(String kind, int epochs, int shards, int frequency, int batch, double target, String rule)
            throws IOException, InterruptedException {
        return run(kind, epochs, shards, frequency, batch, target, rule, null, BenchRun.SEED);
    }

    /** One paramavg run in a child JVM with the run seed {@code seed}; {@code rule} is BenchRun's RULE. */
    JsonNode run(int epochs, int shards, int frequency, int batch, double target, String rule, long seed)
            throws IOException, InterruptedException {
        return run("paramavg", epochs, shards, frequency, batch, target, rule, null, seed);
    }

    /**
     * One configuration in a child JVM. Every child starts without {@code OPENBLAS_CORETYPE} (as on a
     * machine where nobody set it: the development machines' environment sets it), unless {@code kernel}
     * names one; paramavg's own runs then choose theirs as paramavg does.
     */
    private JsonNode run(String kind, int epochs, int shards, int frequency, int batch, double target, String rule,
                         String kernel, long seed) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        if (kind.equals("single")) {
            // The plain program as shipped: ND4J's own set-up, though paramavg's jar (and its hook) is on the class path.
            command.add(command.size() - 1, "-D" + NativeSetupHook.ENABLED + "=false");
        }
        command.addAll(List.of(kind, data, String.valueOf(epochs), String.valueOf(shards), String.valueOf(frequency),
                String.valueOf(batch), String.valueOf(target), rule, String.valueOf(seed)));
        System.out.printf(Locale.ROOT, "== %s (%s averaging rule): %d epochs, %d shards, averaging every %d%s%s%n",
                kind, rule, epochs, shards, frequency, seed == BenchRun.SEED ? "" : ", seed " + seed,
                kernel == null ? "" : ", " + BlasKernel.VARIABLE + "=" + kernel);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(BlasKernel.VARIABLE);
        builder.environment().remove(BlasKernel.LAUNCHER_MARK);
        if (kernel != null) {
            builder.environment().put(BlasKernel.VARIABLE, kernel);
        }
        if (!kind.equals("single") || frequency == 1) {
            // As the reference program does, and scripts/paramavg for local runs: a run of 1-thread tasks gets
            // a 1-thread OpenMP pool from the start (capping ND4J after start-up leaves a second OpenMP thread
            // that slows it down 3x here). Only the "ND4J default threads" baseline keeps the default.
            builder.environment().put("OMP_NUM_THREADS", "1");
        }
        ObjectNode node = ChildResult.of(builder, line -> line.startsWith("epoch ") || line.startsWith("single: ")
                || line.contains("accuracy") || line.startsWith("averaging: ") || line.contains("ERROR")
                || line.contains("Exception"), kind + " run");
        node.put("shards", shards);
        node.put("averaging_frequency", frequency);
        return node;
    }

    /** The commit the benchmark ran from, {@code -dirty} with uncommitted changes; "unknown" outside git. */
    private static String commit() {
        try {
            Process head = new ProcessBuilder("git", "rev-parse", "HEAD").start();
            String commit = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start();
            boolean dirty = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
            return head.waitFor() == 0 && !commit.isEmpty() ? commit + (dirty ? "-dirty" : "") : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // Informational only.
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap per JVM, Java "
                + System.getProperty("java.version");
    }
}
