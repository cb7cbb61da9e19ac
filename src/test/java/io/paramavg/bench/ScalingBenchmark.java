package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scaling benchmark ({@code scripts/bench --scaling}): accuracy per epoch against the shard count,
 * for the plain average and for the default averaging rule. Every run is {@code paramavg train} on
 * {@code local[2]}, each task training several shards in turn (the same math as that many executors),
 * evaluated after every epoch. Prints and writes {@code scaling.json} and {@code scaling.md}: epochs
 * and seconds to the target accuracy, accuracy after the last epoch, and the time-to-target speed-up
 * those epochs predict for as many executors on a 10 Gb/s network ({@link ScalingTables}). Options:
 * {@code --data DIR --epochs N --shards 1,2,... --rules plain,default --target A --frequency F --results DIR}.
 * Long: each run is {@code --epochs} epochs of the whole training set.
 */
public final class ScalingBenchmark {
    private ScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--data", "/usr/share/datasets/fashion-mnist",
                "--epochs", "15", "--shards", "1,2,4,8,16,32,64", "--rules", "plain,default", "--target", "0.88",
                "--frequency", String.valueOf(BenchRun.DEFAULTS.averagingFrequency()), "--results", "bench-results"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int epochs = Integer.parseInt(options.get("--epochs"));
        double target = Double.parseDouble(options.get("--target"));
        int frequency = Integer.parseInt(options.get("--frequency"));
        Benchmark bench = Benchmark.on(options.get("--data"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        report.put("date", Instant.now().toString());
        report.put("data", options.get("--data"));
        report.put("epochs", epochs);
        report.put("target", target);
        report.put("averaging_frequency", frequency);
        report.put("model", BenchRun.MODEL.toString());
        report.set("model_values", json.valueToTree(Benchmark.modelValues()));
        ObjectNode runs = report.putObject("runs");
        for (String rule : options.get("--rules").split(",")) {
            ObjectNode byShards = runs.putObject(rule);
            for (String shards : options.get("--shards").split(",")) {
                long began = System.nanoTime();
                // The plain average as every run trained before the rule: batch 32; the default its auto batch.
                JsonNode run = bench.run("paramavg", epochs, Integer.parseInt(shards.trim()), frequency,
                        rule.equals("plain") ? BenchRun.BATCH : BenchRun.DEFAULTS.batchSize(), target, rule);
                ((ObjectNode) run).put("wall_seconds", (System.nanoTime() - began) / 1e9);
                byShards.set(shards.trim(), run);
            }
        }
        String markdown = ScalingTables.markdown(report);
        System.out.println();
        System.out.println(markdown);
        Path results = Files.createDirectories(Path.of(options.get("--results")));
        Files.writeString(results.resolve("scaling.json"), json.writeValueAsString(report));
        Files.writeString(results.resolve("scaling.md"), markdown);
        System.out.println("wrote " + results.resolve("scaling.json") + " and " + results.resolve("scaling.md"));
    }
}
