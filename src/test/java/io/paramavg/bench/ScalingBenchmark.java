package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scaling benchmark ({@code scripts/bench --scaling}): accuracy per epoch against the shard count,
 * for each averaging rule named, over several seeds. Every run is {@code paramavg train} on
 * {@code local[2]}, each task training several shards in turn (the same math as that many executors),
 * evaluated after every epoch. Prints and writes {@code scaling.json} and {@code scaling.md}: per rule
 * and shard count the median over the seeds of the epochs and seconds to the target accuracy and of the
 * last epoch's accuracy, each seed's epochs, and the time-to-target speed-up those epochs predict for as
 * many executors on a 10 Gb/s network ({@link ScalingTables}). Options: {@code --data DIR --epochs N
 * --shards 1,2,... --rules RULES --seeds 42,7,13 --baseline RULE --target A --frequency F --results DIR}
 * ({@link ScalingRule#parse} reads RULES). A rule that trains exactly as an earlier one at a shard count
 * (below {@code train.scaling-from-shards} every rule averages plainly) is not run again: its row is that
 * run's, marked {@code same_as}. Long: each run is {@code --epochs} epochs of the whole training set.
 */
public final class ScalingBenchmark {
    private ScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--data", "/usr/share/datasets/fashion-mnist",
                "--epochs", "15", "--shards", "1,2,4,8,16,32,64", "--rules", "plain,default", "--target", "0.88",
                "--frequency", String.valueOf(BenchRun.DEFAULTS.averagingFrequency()), "--results", "bench-results",
                "--seeds", String.valueOf(BenchRun.SEED), "--baseline", "plain"));
        for (int i = 0; i < args.length; i += 2) {
            if (!options.containsKey(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: "
                        + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int epochs = Integer.parseInt(options.get("--epochs"));
        double target = Double.parseDouble(options.get("--target"));
        int frequency = Integer.parseInt(options.get("--frequency"));
        List<ScalingRule> rules = ScalingRule.parse(options.get("--rules"));
        List<Long> seeds = Arrays.stream(options.get("--seeds").split(",")).map(String::trim).map(Long::parseLong).toList();
        List<Integer> shardCounts = Arrays.stream(options.get("--shards").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        Benchmark bench = Benchmark.on(options.get("--data"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        report.put("date", Instant.now().toString());
        report.put("data", options.get("--data"));
        report.put("epochs", epochs);
        report.put("target", target);
        report.put("averaging_frequency", frequency);
        report.put("model", BenchRun.MODEL.toString());
        report.put("baseline", options.get("--baseline"));
        report.set("seeds", json.valueToTree(seeds));
        report.set("model_values", json.valueToTree(Benchmark.modelValues()));
        ObjectNode described = report.putObject("rules");
        for (ScalingRule rule : rules) {
            described.putObject(rule.name()).put("spec", rule.spec()).set("settings", json.valueToTree(rule.assignments()));
        }
        ObjectNode runs = report.putObject("runs");
        Path results = Files.createDirectories(Path.of(options.get("--results")));
        Map<List<Object>, JsonNode> done = new HashMap<>();
        int total = rules.size() * shardCounts.size() * seeds.size();
        int started = 0;
        for (ScalingRule rule : rules) {
            ObjectNode byShards = runs.putObject(rule.name());
            for (int shards : shardCounts) {
                Map<Long, JsonNode> bySeed = new LinkedHashMap<>();
                for (long seed : seeds) {
                    started++;
                    List<Object> training = new ArrayList<>(rule.trainingAt(shards));
                    training.add(seed);
                    JsonNode earlier = done.get(training);
                    if (earlier != null) {
                        System.out.printf(Locale.ROOT, "== [%d/%d] %s at %d shards, seed %d: trains as %s, not run again%n",
                                started, total, rule.name(), shards, seed, earlier.get("rule").asText());
                        bySeed.put(seed, ((ObjectNode) earlier.deepCopy()).put("same_as", earlier.get("rule").asText())
                                .put("wall_seconds", 0.0));
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "== [%d/%d] %s at %d shards, seed %d%n", started, total, rule.name(),
                            shards, seed);
                    long began = System.nanoTime();
                    ObjectNode run = (ObjectNode) bench.run(epochs, shards, frequency, rule.batch(), target,
                            rule.spec(), seed);
                    run.put("wall_seconds", (System.nanoTime() - began) / 1e9);
                    run.put("rule", rule.name());
                    done.put(training, run);
                    bySeed.put(seed, run);
                }
                byShards.set(String.valueOf(shards), SeedMedians.of(bySeed));
                // What is done so far, in case a long sweep is stopped: the tables can be made from it.
                Files.writeString(results.resolve("scaling.json"), json.writeValueAsString(report));
            }
        }
        String markdown = ScalingTables.markdown(report);
        System.out.println();
        System.out.println(markdown);
        Files.writeString(results.resolve("scaling.md"), markdown);
        System.out.println("wrote " + results.resolve("scaling.json") + " and " + results.resolve("scaling.md"));
    }
}
