package io.paramavg.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Markdown report judges each target from the figures in the report, never from anything else. */
class TablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachTargetIsJudgedFromItsFigure() {
        String md = Tables.markdown(report(12.0, 12.5, 33.0, 0.8890, 0.8870, 0.8903, 0.8880, 1800));
        assertTrue(md.contains("| paramavg s/epoch <= 1.25x the faster single-process run | 1.04x | yes |"), md);
        assertTrue(md.contains("| 2.6x (executor compute alone is 8.00 s/epoch: at most 4.1x with no overhead at all);"
                + " accuracy 0.8890 vs 0.8870 | **no** |"), md);
        assertTrue(md.contains("| 0.8903 after 15 epochs | yes |"), md);
        assertTrue(md.contains("| -0.23 points at 15 epochs | yes |"), md);
        assertTrue(md.contains("| 1,800 MiB (driver and executors together, local mode) | yes |"), md);
    }

    @Test
    void accuracyBelowTheReferenceEngineFailsTheSpeedTargetHoweverFast() {
        String md = Tables.markdown(report(12.0, 5.0, 33.0, 0.8800, 0.8870, 0.8880, 0.8723, 2100));
        assertTrue(md.contains("6.6x (executor compute"), md);
        assertTrue(md.contains("accuracy 0.8800 vs 0.8870 | **no** |"), md);
        assertTrue(md.contains("| 0.8880 after 15 epochs | **no** |"), md);
        assertTrue(md.contains("| -1.80 points at 15 epochs | **no** |"), md);
        assertTrue(md.contains("| 2,100 MiB (driver and executors together, local mode) | **no** |"), md);
    }

    @Test
    void skippedRunsLeaveTheirTargetsOut() {
        ObjectNode report = report(12.0, 12.5, 33.0, 0.88, 0.88, 0.89, 0.88, 1800);
        report.remove("accuracy_run");
        report.remove("shard_sweep");
        String md = Tables.markdown(report);
        assertFalse(md.contains("within 15 epochs"), md);
        assertFalse(md.contains("1 -> 8 shards"), md);
    }

    private static ObjectNode report(double single, double paramavg, double dl4jSpark, double paramavgAccuracy,
                                     double dl4jSparkAccuracy, double accuracyRun, double eightShards, double rss) {
        ObjectNode report = JSON.createObjectNode();
        report.put("date", "2026-11-23T00:00:00Z").put("machine", "2 cores").put("data", "fashion").put("epochs", 3)
                .put("batch_size", 32).put("model", "MLP");
        ObjectNode comparison = report.putObject("comparison");
        run(comparison.putObject(Benchmark.SINGLE), 2 * single, 0.86, 1000);
        run(comparison.putObject(Benchmark.SINGLE_ONE_THREAD), single, 0.86, 1000);
        run(comparison.putObject("paramavg, local[2], 2 shards"), paramavg, paramavgAccuracy, rss)
                .put("compute_seconds_per_epoch", 8.0);
        run(comparison.putObject("dl4j-spark, local[2], 2 shards"), dl4jSpark, dl4jSparkAccuracy, 2000);
        run(comparison.putObject("Spark MLlib MLP (sigmoid, L-BFGS), local[2]"), 17, 0.18, 5000);
        run(report.putObject("accuracy_run"), paramavg, accuracyRun, rss).put("epochs", 15);
        ObjectNode shards = report.putObject("shard_sweep").put("epochs", 15);
        run(shards.putObject("1"), 25, 0.8903, rss);
        run(shards.putObject("8"), 14, eightShards, rss);
        return report;
    }

    private static ObjectNode run(ObjectNode run, double seconds, double accuracy, double rss) {
        return run.put("seconds_per_epoch", seconds).put("examples_per_second", 60000 / seconds)
                .put("test_accuracy", accuracy).put("peak_rss_mib", rss);
    }
}
