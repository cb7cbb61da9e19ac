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
        String md = Tables.markdown(report(12.0, 4.0, 33.0, 0.8890, 0.8870, 0.8903, 0.8880, 1800));
        assertTrue(md.contains("1a. executor compute per minibatch, 1 shard, batch 32 <= 0.5x the plain program as "
                + "shipped (the faster of the harness's and the reference program) | 0.46x | yes |"), md);
        assertTrue(md.contains("best kernel (SkylakeX) | 0.61x | yes |"), md);
        assertTrue(md.contains("s/epoch <= 0.35x the plain program as shipped | 0.33x | yes |"), md);
        assertTrue(md.contains("| 8.3x (executor compute alone is 3.50 s/epoch: at most 9.4x with no overhead at all);"
                + " accuracy 0.8890 vs 0.8870 | yes |"), md);
        assertTrue(md.contains("| 0.8903 after 15 epochs | yes |"), md);
        assertTrue(md.contains("| -0.23 points at 15 epochs | yes |"), md);
        assertTrue(md.contains("| 4.0 ms | yes |"), md);
        assertTrue(md.contains("| 24.0 s vs 36.0 s = 0.67x | **no** |"), md);
        // The large-batch row is judged on its own line: it does not stand in for the defaults.
        assertTrue(md.contains("instead of the defaults (a setting, so not the target itself) | 12.0 s vs 36.0 s = 0.33x | yes |"), md);
    }

    @Test
    void whereAMinibatchGoesIsReadFromTheTimedRuns() {
        String md = Tables.markdown(report(12.0, 4.0, 33.0, 0.8890, 0.8870, 0.8903, 0.8880, 1800));
        // 12 s over 1,875 minibatches is 6.40 ms, 3 s of it in the updater.
        assertTrue(md.contains("| " + Benchmark.SINGLE_ONE_THREAD + " | OpenBLAS Cooperlake | 6.40 | 1.60 ms (25%) "
                + "| 1.00x | 1.33x |"), md);
        assertTrue(md.contains("| " + Benchmark.PARAMAVG_ONE + ": executor compute | OpenBLAS SkylakeX | 2.93 | | 0.46x "
                + "| 0.61x |"), md);
    }

    @Test
    void accuracyBelowTheReferenceEngineFailsTheSpeedTargetHoweverFast() {
        String md = Tables.markdown(report(12.0, 4.5, 66.0, 0.8800, 0.8870, 0.8880, 0.8723, 2100));
        assertTrue(md.contains("| 0.38x | **no** |"), md);
        assertTrue(md.contains("14.7x (executor compute"), md);
        assertTrue(md.contains("accuracy 0.8800 vs 0.8870 | **no** |"), md);
        assertTrue(md.contains("| 0.8880 after 15 epochs | **no** |"), md);
        assertTrue(md.contains("| -1.80 points at 15 epochs | **no** |"), md);
    }

    @Test
    void targetsOneAndTwoAreJudgedAgainstTheReferenceProgramWhenItRanFasterThanTheHarnessBaseline() {
        ObjectNode report = report(12.0, 4.0, 33.0, 0.8890, 0.8870, 0.8903, 0.8880, 1800);
        report.putObject("reference_program").put("seconds_per_epoch", 11.0);
        String md = Tables.markdown(report);
        assertTrue(md.contains("reference program) | 0.50x | yes |"), md);
        assertTrue(md.contains("as shipped | 0.36x | **no** |"), md);
        assertTrue(md.contains("1.09x (**slower**)"), md);
    }

    @Test
    void theLoopbackClusterRowReportsItsRoundOverheadBesideLocalModes() {
        ObjectNode report = report(12.0, 8.0, 33.0, 0.8890, 0.8870, 0.8903, 0.8880, 1800);
        ((ObjectNode) report.get("comparison")).putObject(Benchmark.CLUSTER).put("seconds_per_epoch", 10.0)
                .put("examples_per_second", 6000.0).put("test_accuracy", 0.8890).putObject("round_breakdown_ms")
                .put("compute_ms", 50.0).put("exchange_ms", 7.5).put("launch_ms", 0.0);
        String md = Tables.markdown(report);
        assertTrue(md.contains("| " + Benchmark.CLUSTER + " | 10.00 | 6,000 | 0.8890 | n/a | 0.83x | 1.25x |"), md);
        assertTrue(md.contains("paramavg on the loopback standalone cluster median round (epochs after the first): "
                + "executor compute 50.0 ms"), md);
        assertTrue(md.contains("| 4.0 ms (loopback standalone cluster: 7.5 ms) | yes |"), md);
    }

    @Test
    void skippedRunsLeaveTheirTargetsOut() {
        ObjectNode report = report(12.0, 12.5, 33.0, 0.88, 0.88, 0.89, 0.88, 1800);
        report.remove("accuracy_run");
        report.remove("shard_sweep");
        report.remove("time_to_accuracy");
        String md = Tables.markdown(report);
        assertFalse(md.contains("within 15 epochs"), md);
        assertFalse(md.contains("1 -> 8 shards"), md);
        assertFalse(md.contains("time to 0.88"), md);
    }

    private static ObjectNode report(double single, double paramavg, double dl4jSpark, double paramavgAccuracy,
                                     double dl4jSparkAccuracy, double accuracyRun, double eightShards, double rss) {
        ObjectNode report = JSON.createObjectNode();
        report.put("date", "2026-11-23T00:00:00Z").put("machine", "2 cores").put("data", "fashion").put("epochs", 3)
                .put("batch_size", 32).put("model", "MLP");
        ObjectNode comparison = report.putObject("comparison");
        run(comparison.putObject(Benchmark.SINGLE), 2 * single, 0.86, 1000);
        run(comparison.putObject(Benchmark.SINGLE_ONE_THREAD), single, 0.86, 1000).put("batch_size", 32)
                .put("updater_seconds_per_epoch", 3.0).put("native", "OpenBLAS Cooperlake");
        run(comparison.putObject(Benchmark.SINGLE_KERNEL + "SkylakeX"), 9.0, 0.86, 1000).put("batch_size", 32)
                .put("updater_seconds_per_epoch", 3.0).put("native", "OpenBLAS SkylakeX");
        report.put("best_kernel", "SkylakeX");
        run(comparison.putObject(Benchmark.PARAMAVG_ONE), 6.0, 0.86, 1000).put("batch_size", 32)
                .put("examples_per_second", 10000.0).put("compute_seconds_per_epoch", 5.5)
                .put("native", "OpenBLAS SkylakeX");
        run(comparison.putObject(Benchmark.PARAMAVG), paramavg, paramavgAccuracy, rss)
                .put("compute_seconds_per_epoch", 3.5).putObject("round_breakdown_ms").put("compute_ms", 45.0)
                .put("exchange_ms", 4.0).put("launch_ms", 300.0);
        report.putObject("model_values").put("parameters", 235146).put("updater", 470292);
        ObjectNode tta = report.putObject("time_to_accuracy").put("target", 0.88);
        tta.putObject("plain DL4J, batch 32, 1 ND4J thread").put("batch_size", 32).put("seconds_to_accuracy", 40.0)
                .put("epochs_to_accuracy", 5).putArray("epoch_accuracies").add(0.85).add(0.86).add(0.87).add(0.875)
                .add(0.881);
        tta.putObject("plain DL4J, batch 128, 1 ND4J thread").put("batch_size", 128).put("seconds_to_accuracy", 36.0)
                .put("epochs_to_accuracy", 1).putArray("epoch_accuracies").add(0.9);
        tta.putObject(Benchmark.TTA_DEFAULTS).put("batch_size", 32).put("seconds_to_accuracy", 24.0)
                .put("epochs_to_accuracy", 1).putArray("epoch_accuracies").add(0.9);
        tta.putObject(Benchmark.TTA_LARGE_BATCH).put("batch_size", 128).put("seconds_to_accuracy", 12.0)
                .put("epochs_to_accuracy", 1).putArray("epoch_accuracies").add(0.9);
        run(comparison.putObject(Benchmark.DL4J_SPARK), dl4jSpark, dl4jSparkAccuracy, 2000);
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
