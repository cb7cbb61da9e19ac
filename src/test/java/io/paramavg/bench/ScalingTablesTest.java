package io.paramavg.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scaling report: the prediction's arithmetic, and each of issue 20's targets judged from its figures. */
class ScalingTablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default model's values: 235,146 parameters and 470,292 updater values, 2.82 MB a copy. */
    private static final double MODEL_MB = 4.0 * (235_146 + 470_292) / 1e6;

    @Test
    void thePredictionMultipliesMeasuredEpochsByRoundsAndTheCostOfARound() {
        // 16 shards of 60,000: 3,750 records, 118 minibatches, 12 rounds of 10; a local task held 8 shards.
        ScalingTables.Prediction p = ScalingTables.predict(run(8, 0.8801, 0.8850, 400.0), 16, MODEL_MB, 10);
        assertEquals(12, p.rounds());
        assertEquals(50.0, p.computeMs(), 1e-9);
        double exchange = 2.0 * 15 / 16 * MODEL_MB * 0.8 + 0.1;
        assertEquals(exchange, p.exchangeMs(), 1e-9);
        assertEquals(8 * 12 * (50.0 + exchange) / 1000, p.seconds(), 1e-9);
        ScalingTables.Prediction one = ScalingTables.predict(run(6, 0.8801, 0.8931, 50.0), 1, MODEL_MB, 10);
        assertEquals(188, one.rounds());
        assertEquals(0.0, one.exchangeMs(), "one executor exchanges nothing");
        // Each run's own batch: 64 shards of 60,000 at auto's batch 8 are 938 records, 118 minibatches, 12 rounds.
        ObjectNode small = run(11, 0.8801, 0.8850, 100.0).put("batch_size", 8);
        assertEquals(12, ScalingTables.predict(small, 64, MODEL_MB, 10).rounds());
    }

    @Test
    void theDefaultRuleSendsAdamsSecondMomentsOnlyFromFourShards() {
        ObjectNode report = report();
        assertEquals(MODEL_MB, ScalingTables.exchangedMb(report, "default", 2), 1e-12, "plain below 4 shards");
        assertEquals(4.0 * (235_146 + 235_146) / 1e6, ScalingTables.exchangedMb(report, "default", 4), 1e-12);
        assertEquals(MODEL_MB, ScalingTables.exchangedMb(report, "plain", 64), 1e-12, "the plain average sends it all");
    }

    @Test
    void eachTargetIsJudgedFromItsFigure() {
        ObjectNode report = report();
        ObjectNode ours = (ObjectNode) report.get("runs").get("default");
        ours.set("1", run(6, 0.8801, 0.8931, 50.0));
        ours.set("2", run(6, 0.8801, 0.8925, 50.0));
        ours.set("8", run(7, 0.8801, 0.8890, 200.0));
        ours.set("16", run(8, 0.8801, 0.8850, 400.0));
        ours.set("64", run(13, 0.8801, 0.8800, 1600.0));
        ObjectNode plain = (ObjectNode) report.get("runs").get("plain");
        plain.set("1", run(6, 0.8801, 0.8931, 50.0));
        plain.set("2", run(7, 0.8801, 0.8900, 50.0));
        String md = ScalingTables.markdown(report);
        assertTrue(md.contains("| 16: 8 epochs, 64: 13 epochs | **no** |"), md);
        assertTrue(md.contains("| 64 shards -1.31 points; 8 shards -0.41 points | **no** |"), md);
        assertTrue(md.contains("| 0.8925; 6 epochs vs 7 epochs | yes |"), md);
        assertTrue(md.contains("| default | 1 | 6 | 188 | 50.0 | 2.82 | 0.00 | 56.4 | 1.0x |"), md);
        assertTrue(md.contains("| default | 16 | 32 | 8 | 80.0 | 0.8850 |"), md);
        // From 4 shards the default rule restarts Adam's first moments and the exchange leaves them out: 1.88 MB.
        assertTrue(md.contains("| default | 16 | 8 | 12 | 50.0 | 1.88 | 2.92 | 5.1 | 11.1x |"), md);
        assertTrue(md.contains("4. predicted time-to-0.88 speed-up, 16 executors over 1, >= 10x | 11.1x | yes |"), md);
    }

    private static ObjectNode report() {
        ObjectNode report = JSON.createObjectNode();
        report.put("date", "2026-11-30");
        report.put("data", "fashion-mnist");
        report.put("model", "default");
        report.put("epochs", 15);
        report.put("target", 0.88);
        report.put("averaging_frequency", 10);
        report.putObject("model_values").put("parameters", 235_146).put("updater", 470_292);
        ObjectNode runs = report.putObject("runs");
        runs.putObject("plain");
        runs.putObject("default");
        return report;
    }

    /** A local run reaching 0.88 at {@code epochs} (reached accuracy {@code then}), {@code last} after 15. */
    private static ObjectNode run(int epochs, double then, double last, double computeMs) {
        ObjectNode run = JSON.createObjectNode();
        run.put("train_records", 60_000);
        run.put("batch_size", 32);
        run.put("test_accuracy", last);
        run.put("epochs_to_accuracy", epochs);
        run.put("seconds_to_accuracy", 10.0 * epochs);
        run.putArray("epoch_accuracies").add(then).add(last);
        run.putObject("round_breakdown_ms").put("compute_ms", computeMs);
        return run;
    }
}
