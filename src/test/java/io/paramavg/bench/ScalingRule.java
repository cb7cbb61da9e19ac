package io.paramavg.bench;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;

import java.util.ArrayList;
import java.util.List;

/**
 * One averaging rule the scaling benchmark compares: a name for its tables and a {@link BenchRun} RULE
 * ({@code default}, {@code plain} or {@code set:KEY=VALUE,...}).
 *
 * @param name how the tables call it
 * @param spec what {@link BenchRun} is told
 */
record ScalingRule(String name, String spec) {

    /**
     * Rules as {@code --rules} writes them: separated by {@code ;}, each {@code default}, {@code plain},
     * {@code set:KEY=VALUE,...} or {@code NAME=} one of those ({@code today=set:train.averaging=block-momentum}).
     * A list without {@code ;} and without {@code set:} may separate by commas too ({@code plain,default}).
     */
    static List<ScalingRule> parse(String rules) {
        String separator = rules.contains(";") || rules.contains("set:") ? ";" : ",";
        List<ScalingRule> parsed = new ArrayList<>();
        for (String rule : rules.split(separator)) {
            rule = rule.trim();
            if (rule.isEmpty()) {
                continue;
            }
            int equals = rule.indexOf('=');
            int colon = rule.indexOf(':');
            boolean named = equals > 0 && (colon < 0 || equals < colon);
            ScalingRule r = named ? new ScalingRule(rule.substring(0, equals), rule.substring(equals + 1))
                    : new ScalingRule(rule, rule);
            BenchRun.settings(r.spec); // refuses what BenchRun would refuse, before an hour of runs
            parsed.add(r);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("--rules names no rule: " + rules);
        }
        return parsed;
    }

    /** The batch the runs are told: the plain average as every run trained before the rule, 32; the rest auto. */
    int batch() {
        return spec.equals("plain") ? BenchRun.BATCH : BenchRun.DEFAULTS.batchSize();
    }

    /** The {@code KEY=VALUE} assignments the rule makes on top of the defaults. */
    List<String> assignments() {
        List<String> assignments = new ArrayList<>();
        List<String> settings = BenchRun.settings(spec);
        for (int i = 1; i < settings.size(); i += 2) {
            assignments.add(settings.get(i));
        }
        return assignments;
    }

    /** The configuration a run under this rule resolves (the seed and the data aside). */
    RunConfig config() {
        return config(assignments());
    }

    static RunConfig config(List<String> assignments) {
        Settings settings = Settings.defaults();
        for (String assignment : assignments) {
            settings = settings.withAssignment(assignment);
        }
        return RunConfig.from(settings);
    }

    /**
     * What decides a run's training at {@code shards} shards: two rules with equal keys train the same model
     * epoch for epoch (the shard count, the averaging rule and the learning-rate plan as derived there, the
     * model, the training settings and the batch the run is told), so the benchmark runs it once.
     */
    List<Object> trainingAt(int shards) {
        RunConfig config = config();
        return List.of(shards, batch(), config.model(), config.training(), config.scaling().rule(shards),
                config.scaling().learningRate(shards, 1_000));
    }
}
