package io.paramavg.driver.data.table;

import io.paramavg.worker.train.Seeds;

import java.io.Serializable;

/**
 * The seeded hold-out of a source that has no separate test set: each row is held out with
 * probability {@code fraction}, decided from the seed and the row's place in its partition alone,
 * so that every pass (validation, training shards, test shards, a later evaluation) agrees without
 * remembering anything.
 *
 * @param fraction the fraction held out, 0 for none
 * @param seed     the run seed
 */
public record Split(double fraction, long seed) implements Serializable {
    private static final long HOLD_OUT = 0x484f_4c44L;

    /** Which rows a pass reads. */
    enum Side { ALL, TRAIN, HELD }

    static Split none() {
        return new Split(0, 0);
    }

    boolean held(int partition, long rowInPartition) {
        if (fraction <= 0) {
            return false;
        }
        long bits = Seeds.derive(seed, HOLD_OUT, partition, rowInPartition) >>> 11;
        return bits * 0x1.0p-53 < fraction;
    }

    boolean wants(Side side, int partition, long rowInPartition) {
        return switch (side) {
            case ALL -> true;
            case TRAIN -> !held(partition, rowInPartition);
            case HELD -> held(partition, rowInPartition);
        };
    }
}
