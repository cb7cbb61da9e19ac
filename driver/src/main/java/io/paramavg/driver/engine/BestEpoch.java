package io.paramavg.driver.engine;

import io.paramavg.driver.config.ValidationConfig;

import java.io.Serializable;

/**
 * Early stopping's memory: the best epoch so far by the validation metric, and how many epochs
 * have passed without beating it. Immutable and small, so a checkpoint carries it and a resumed run
 * stops at the same epoch as an uninterrupted one.
 *
 * @param epoch              the best epoch (0-based), or -1 before any
 * @param value              its metric value
 * @param epochsWithout      epochs since it without an improvement
 */
public record BestEpoch(int epoch, double value, int epochsWithout) implements Serializable {

    /** Before the first epoch. */
    public static final BestEpoch NONE = new BestEpoch(-1, Double.NaN, 0);

    /** After {@code nextEpoch} scored {@code value}: it is the new best, or one more epoch without. */
    public BestEpoch after(int nextEpoch, double value, ValidationConfig validation) {
        if (epoch < 0 || validation.metric().improves(value, this.value, validation.minDelta())) {
            return new BestEpoch(nextEpoch, value, 0);
        }
        return new BestEpoch(epoch, this.value, epochsWithout + 1);
    }

    /** Whether {@code epoch} is the best so far. */
    public boolean isBest(int candidate) {
        return epoch == candidate;
    }

    /** Whether patience has run out. */
    public boolean stops(ValidationConfig validation) {
        return validation.stopsEarly() && epochsWithout >= validation.patience();
    }
}
