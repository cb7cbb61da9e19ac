package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * --results DIR} (0 epochs skips that run or sweep).
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

    static final String SINGLE = "single-process DL4J, ND4J default threads";
    static final String SINGLE_ONE_THREAD = "single-process DL4J, 1 ND4J thread";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--data", "/usr/share/datasets/fashion-mnist",
                "--epochs", "3", "--accuracy-epochs", "15", "--shard-sweep-epochs", "15", "--frequency-sweep-epochs", "2",
                "--results", "bench-results"));
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
        report.put("machine", machine());
        report.put("data", options.get("--data"));
        report.put("epochs", epochs);
        report.put("batch_size", BenchRun.BATCH);
        report.put("model", BenchRun.MODEL.toString());

        ObjectNode main = report.putObject("comparison");
        main.set(SINGLE, bench.run("single", epochs, 1, 0));
        // ND4J's default (one thread per core) is what a plain DL4J program gets; on small minibatches one
        // thread is often faster, and the fair baseline is the faster of the two.
        main.set(SINGLE_ONE_THREAD, bench.run("single", epochs, 1, 1));
        main.set("paramavg, local[2], 2 shards", bench.run("paramavg", epochs, 2, 10));
        main.set("dl4j-spark, local[2], 2 shards", bench.run("dl4j-spark", epochs, 2, 10));
        main.set("Spark MLlib MLP (sigmoid, L-BFGS), local[2]", bench.run("mllib", epochs, 2, 1));

        int accuracyEpochs = Integer.parseInt(options.get("--accuracy-epochs"));
        JsonNode accuracyRun = null;
        if (accuracyEpochs > 0) {
            accuracyRun = bench.run("paramavg", accuracyEpochs, 2, 10);
            report.set("accuracy_run", accuracyRun);
            ((ObjectNode) accuracyRun).put("epochs", accuracyEpochs);
        }
        int shardEpochs = Integer.parseInt(options.get("--shard-sweep-epochs"));
        if (shardEpochs > 0) {
            ObjectNode byShards = report.putObject("shard_sweep");
            byShards.put("epochs", shardEpochs);
            for (int shards : new int[] {1, 2, 4, 8}) {
                // The accuracy run is the 2-shard point when the epoch counts agree: no need to train it twice.
                boolean reuse = shards == 2 && accuracyRun != null && accuracyEpochs == shardEpochs;
                byShards.set(String.valueOf(shards), reuse ? accuracyRun : bench.run("paramavg", shardEpochs, shards, 10));
            }
        }
        int frequencyEpochs = Integer.parseInt(options.get("--frequency-sweep-epochs"));
        if (frequencyEpochs > 0) {
            ObjectNode byFrequency = report.putObject("frequency_sweep");
            byFrequency.put("epochs", frequencyEpochs);
            for (int frequency : new int[] {1, 5, 20, 100}) {
                byFrequency.set(String.valueOf(frequency), bench.run("paramavg", frequencyEpochs, 4, frequency));
            }
        }
        String markdown = Tables.markdown(report);
        System.out.println();
        System.out.println(markdown);
        Path results = Files.createDirectories(Path.of(options.get("--results")));
        Files.writeString(results.resolve("bench.json"), json.writeValueAsString(report));
        Files.writeString(results.resolve("bench.md"), markdown);
        System.out.println("wrote " + results.resolve("bench.json") + " and " + results.resolve("bench.md"));
    }

    private JsonNode run(String kind, int epochs, int shards, int frequency) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of(kind, data, String.valueOf(epochs), String.valueOf(shards), String.valueOf(frequency)));
        System.out.printf(Locale.ROOT, "== %s: %d epochs, %d shards, averaging every %d%n", kind, epochs, shards,
                frequency);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                } else if (line.startsWith("epoch ") || line.startsWith("single: ") || line.contains("accuracy")
                        || line.contains("ERROR") || line.contains("Exception")) {
                    System.out.println("   " + line);
                }
            }
        }
        int code = child.waitFor();
        if (code != 0 || result == null) {
            throw new IllegalStateException(kind + " run failed (exit " + code + ")");
        }
        ObjectNode node = (ObjectNode) new ObjectMapper().readTree(result);
        node.put("shards", shards);
        node.put("averaging_frequency", frequency);
        return node;
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
