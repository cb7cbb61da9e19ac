package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

/**
 * How {@code evaluate} spreads a test set over Spark. Changes no trained parameter.
 *
 * @param shards test shards (Spark tasks); 0 is Spark's default parallelism ({@link #SHARDS})
 */
public record EvaluateConfig(int shards) {

    public static final Setting<Integer> SHARDS = Setting.integer("evaluate.shards", 0, 0,
            "evaluate only: test shards (Spark tasks); 0 uses Spark's default parallelism.");

    public EvaluateConfig {
        SHARDS.check(shards);
    }
}
