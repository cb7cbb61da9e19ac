package io.paramavg.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scaling report: the prediction's arithmetic, the seeds' medians, the rules, and issue 33's targets. */
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
    void aRuleSendsWhatItsOwnSettingsAverage() {
        ObjectNode report = report();
        report.putObject("rules").putObject("averaged").putArray("settings").add("train.moments=mean");
        assertEquals(MODEL_MB, ScalingTables.exchangedMb(report, "averaged", 16), 1e-12,
                "first moments averaged are sent");
    }

    @Test
    void eachTargetIsJudgedFromItsFigure() {
        ObjectNode report = report();
        report.put("baseline", "plain");
        ObjectNode ours = (ObjectNode) report.get("runs").get("default");
        ours.set("1", run(6, 0.8801, 0.8931, 50.0));
        ours.set("2", run(6, 0.8801, 0.8925, 50.0));
        ours.set("8", run(7, 0.8801, 0.8910, 200.0));
        ours.set("16", run(5, 0.8801, 0.8850, 400.0));
        ours.set("64", run(7, 0.8801, 0.8920, 1600.0).put("batch_size", 8));
        ObjectNode plain = (ObjectNode) report.get("runs").get("plain");
        plain.set("1", run(6, 0.8801, 0.8931, 50.0));
        plain.set("2", run(7, 0.8801, 0.8900, 50.0));
        String md = ScalingTables.markdown(report);
        assertTrue(md.contains("| 16: 5 epochs, 64: 7 epochs | **no** |"), md);
        assertTrue(md.contains("| 2: -0.06, 8: -0.21, 16: -0.81, 64: -0.11 points | **no** |"), md);
        assertTrue(md.contains("| 6 epochs vs 7 epochs; 0.8925 vs 0.8900 | yes |"), md);
        assertTrue(md.contains("| default | 1 | 6 | 188 | 50.0 | 2.82 | 0.00 | 56.4 | 1.0x |"), md);
        // From 4 shards the default rule restarts Adam's first moments and the exchange leaves them out: 1.88 MB.
        assertTrue(md.contains("| default | 16 | 5 | 12 | 50.0 | 1.88 | 2.92 | 3.2 | 17.8x |"), md);
        assertTrue(md.contains("4. predicted time-to-0.88 speed-up, 16 executors over 1, >= 12x | 17.8x | yes |"), md);
        // 64 shards of 60,000 at batch 8: 12 rounds; a task held 32 shards: c = 50 ms.
        assertTrue(md.contains("| default | 64 | 7 | 12 | 50.0 | 1.88 | 3.06 | 4.5 | 12.7x |"), md);
        assertTrue(md.contains("64 executors over 1, >= 25x | 12.7x | **no** |"), md);
    }

    @Test
    void aRowIsTheMedianOfItsSeedsAndKeepsEach() {
        Map<Long, JsonNode> bySeed = new LinkedHashMap<>();
        bySeed.put(42L, run(5, 0.8801, 0.8900, 40.0).put("wall_seconds", 30.0));
        bySeed.put(7L, run(6, 0.8801, 0.8850, 60.0).put("wall_seconds", 31.0));
        ObjectNode never = run(0, 0.8700, 0.8790, 50.0).put("wall_seconds", 29.0);
        never.remove("epochs_to_accuracy");
        never.remove("seconds_to_accuracy");
        bySeed.put(13L, never);
        ObjectNode row = SeedMedians.of(bySeed);
        assertEquals(6, row.get("epochs_to_accuracy").asInt(), "the middle of 5, 6 and never");
        assertEquals(0.8850, row.get("test_accuracy").asDouble(), 1e-12);
        assertEquals(50.0, row.at("/round_breakdown_ms/compute_ms").asDouble(), 1e-12);
        assertEquals(90.0, row.get("wall_seconds").asDouble(), 1e-9, "the runs' wall time together");
        assertEquals("5 / 6 / -", SeedMedians.epochsBySeed(row));
        assertEquals(0.8850, row.at("/by_seed/7/test_accuracy").asDouble(), 1e-12);
        bySeed.remove(42L);
        assertFalse(SeedMedians.of(bySeed).has("epochs_to_accuracy"), "of 6 and never, the upper middle: never");
    }

    @Test
    void rulesAreSeparatedBySemicolonsAndMayBeNamed() {
        List<ScalingRule> rules = ScalingRule.parse(
                "default; today=set:train.averaging=block-momentum,train.block-momentum=0.5;plain");
        assertEquals(List.of(new ScalingRule("default", "default"),
                new ScalingRule("today", "set:train.averaging=block-momentum,train.block-momentum=0.5"),
                new ScalingRule("plain", "plain")), rules);
        assertEquals(List.of("train.averaging=block-momentum", "train.block-momentum=0.5"), rules.get(1).assignments());
        assertEquals(List.of(new ScalingRule("plain", "plain"), new ScalingRule("default", "default")),
                ScalingRule.parse("plain,default"));
        assertThrows(IllegalArgumentException.class, () -> ScalingRule.parse("fastest"));
    }

    @Test
    void rulesThatTrainAlikeAtAShardCountAreRecognised() {
        ScalingRule defaults = new ScalingRule("default", "default");
        ScalingRule other = new ScalingRule("m", "set:train.averaging=mean");
        assertEquals(defaults.trainingAt(2), other.trainingAt(2), "below 4 shards both average plainly");
        assertNotEquals(defaults.trainingAt(16), other.trainingAt(16));
        assertNotEquals(defaults.trainingAt(1), defaults.trainingAt(2), "one shard and two both average plainly");
        assertNotEquals(defaults.trainingAt(1), new ScalingRule("plain", "plain").trainingAt(1),
                "the plain rule is told batch 32, the others auto");
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
