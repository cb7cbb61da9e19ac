package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The benchmark report as Markdown tables, with ratios to the faster single-process baseline. */
final class Tables {
    private Tables() {
    }

    static String markdown(JsonNode report) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Benchmark of %s on %s: %s, %d epochs, batch %d, MLP 256-128, Adam 1e-3.%n%n",
                report.get("date").asText(), report.get("machine").asText(), report.get("data").asText(),
                report.get("epochs").asInt(), report.get("batch_size").asInt()));
        JsonNode comparison = report.get("comparison");
        double baseline = Math.min(comparison.get(Benchmark.SINGLE).get("seconds_per_epoch").asDouble(),
                comparison.get(Benchmark.SINGLE_ONE_THREAD).get("seconds_per_epoch").asDouble());
        double dl4jSpark = comparison.get("dl4j-spark, local[2], 2 shards").get("seconds_per_epoch").asDouble();
        md.append("| run | s/epoch (median after the first) | examples/s | test accuracy | peak RSS (MiB) "
                + "| time vs the faster single-process run | paramavg's speed-up over it |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        double paramavg = comparison.get("paramavg, local[2], 2 shards").get("seconds_per_epoch").asDouble();
        for (Iterator<Map.Entry<String, JsonNode>> it = comparison.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> run = it.next();
            JsonNode r = run.getValue();
            double seconds = r.get("seconds_per_epoch").asDouble();
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %.4f | %,.0f | %.2fx | %.2fx |%n", run.getKey(),
                    seconds, r.get("examples_per_second").asDouble(), r.get("test_accuracy").asDouble(),
                    r.get("peak_rss_mib").asDouble(), seconds / baseline, seconds / paramavg));
        }
        md.append(String.format(Locale.ROOT, "%nparamavg vs dl4j-spark: %.1fx faster per epoch. In local mode the "
                + "driver and executors share one JVM, so peak RSS covers both.%n", dl4jSpark / paramavg));
        JsonNode paramavgRun = comparison.get("paramavg, local[2], 2 shards");
        if (paramavgRun.has("round_breakdown_ms")) {
            JsonNode b = paramavgRun.get("round_breakdown_ms");
            md.append(String.format(Locale.ROOT, "paramavg median round: broadcast %.1f ms, executor compute %.1f ms, "
                            + "aggregation %.1f ms, driver %.1f ms.%n", b.get("broadcast_ms").asDouble(),
                    b.get("compute_ms").asDouble(), b.get("aggregate_ms").asDouble(), b.get("driver_ms").asDouble()));
        }
        if (report.has("accuracy_run")) {
            JsonNode a = report.get("accuracy_run");
            md.append(String.format(Locale.ROOT, "%nAccuracy run: paramavg, 2 shards, default configuration, %d epochs: "
                    + "test accuracy %.4f.%n", a.get("epochs").asInt(), a.get("test_accuracy").asDouble()));
        }
        if (report.has("sweep")) {
            JsonNode sweep = report.get("sweep");
            md.append(String.format(Locale.ROOT, "%nStatistical efficiency, %d epochs each:%n%n",
                    sweep.get("epochs").asInt()));
            for (String table : new String[] {"shards (averaging every 10)", "averaging frequency (4 shards)"}) {
                md.append("| ").append(table).append(" | test accuracy | s/epoch |\n| ---: | ---: | ---: |\n");
                for (Iterator<Map.Entry<String, JsonNode>> it = sweep.get(table).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> row = it.next();
                    md.append(String.format(Locale.ROOT, "| %s | %.4f | %.2f |%n", row.getKey(),
                            row.getValue().get("test_accuracy").asDouble(),
                            row.getValue().get("seconds_per_epoch").asDouble()));
                }
                md.append('\n');
            }
        }
        return md.toString();
    }
}
