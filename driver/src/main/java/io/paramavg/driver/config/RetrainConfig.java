package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

/**
 * How the scheduled retraining job decides and tidies up. Read by {@code retrain} only; free to
 * differ between runs (changing it changes no trained parameter).
 *
 * @param minImprovement how much better a new version must score to be promoted ({@link #MIN_IMPROVEMENT})
 * @param keep           versions kept in the registry ({@link #KEEP})
 */
public record RetrainConfig(double minImprovement, int keep) {

    public static final Setting<Double> MIN_IMPROVEMENT = Setting.number("retrain.min-improvement", 0.0,
            "a number in [-1, 1]", margin -> margin >= -1 && margin <= 1,
            "retrain only: promote a new version only if its test accuracy beats the current version's by at least "
                    + "this much (0.01 = one point; negative tolerates a worse one).");
    public static final Setting<Integer> KEEP = Setting.integer("retrain.keep", 5, 1,
            "retrain only: versions kept in the registry; the current one is never deleted.");

    public RetrainConfig {
        MIN_IMPROVEMENT.check(minImprovement);
        KEEP.check(keep);
    }
}
