package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One (rule, shard count)'s runs over several seeds as one row: the median of each figure the scaling
 * tables read, with every seed's own figures kept under {@code by_seed}. The median of an even count is
 * the upper middle value (the more pessimistic of the two for epochs to the target); a run that never
 * reached the target counts as later than any that did.
 */
final class SeedMedians {
    private SeedMedians() {
    }

    static ObjectNode of(Map<Long, JsonNode> bySeed) {
        List<JsonNode> runs = new ArrayList<>(bySeed.values());
        ObjectNode median = runs.get(0).deepCopy();
        double epochs = median(runs, r -> r.path("epochs_to_accuracy").asDouble(Double.POSITIVE_INFINITY));
        double seconds = median(runs, r -> r.path("seconds_to_accuracy").asDouble(Double.POSITIVE_INFINITY));
        if (Double.isInfinite(epochs)) {
            median.remove("epochs_to_accuracy");
            median.remove("seconds_to_accuracy");
        } else {
            median.put("epochs_to_accuracy", (int) epochs);
            median.put("seconds_to_accuracy", seconds);
        }
        median.put("test_accuracy", median(runs, r -> r.get("test_accuracy").asDouble()));
        if (median.has("round_breakdown_ms")) {
            ((ObjectNode) median.get("round_breakdown_ms")).put("compute_ms",
                    median(runs, r -> r.at("/round_breakdown_ms/compute_ms").asDouble(Double.NaN)));
        }
        ArrayNode curve = median.putArray("epoch_accuracies");
        for (int epoch = 0; epoch < runs.get(0).path("epoch_accuracies").size(); epoch++) {
            int e = epoch;
            curve.add(median(runs, r -> r.path("epoch_accuracies").path(e).asDouble(Double.NaN)));
        }
        median.put("wall_seconds", runs.stream().mapToDouble(r -> r.path("wall_seconds").asDouble(0)).sum());
        ObjectNode seeds = median.putObject("by_seed");
        bySeed.forEach((seed, run) -> {
            ObjectNode own = seeds.putObject(String.valueOf(seed));
            for (String field : List.of("epochs_to_accuracy", "seconds_to_accuracy", "test_accuracy",
                    "epoch_accuracies", "wall_seconds", "same_as")) {
                if (run.has(field)) {
                    own.set(field, run.get(field));
                }
            }
            own.put("compute_ms", run.at("/round_breakdown_ms/compute_ms").asDouble(Double.NaN));
        });
        return median;
    }

    private static double median(List<JsonNode> runs, ToDoubleFunction<JsonNode> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    /** A row's per-seed epochs to the target, in seed order: {@code 5 / 6 / 5}, "-" for a seed that never reached it. */
    static String epochsBySeed(JsonNode row) {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> seed : row.path("by_seed").properties()) {
            shown.add(seed.getValue().has("epochs_to_accuracy") ? seed.getValue().get("epochs_to_accuracy").asText() : "-");
        }
        return String.join(" / ", shown);
    }
}
