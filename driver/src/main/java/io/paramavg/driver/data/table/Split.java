package io.paramavg.driver.data.table;

import io.paramavg.worker.train.Seeds;

import java.io.Serializable;

/**
 * The seeded hold-outs of a source, decided row by row from the seed and the row's place in its
 * partition alone, so that every pass (validation, training shards, test and validation shards, a
 * later evaluation) agrees without remembering anything. Two independent decisions, each with its
 * own purpose: a row is held out as test data with probability {@code fraction} (when the source
 * has no separate test set), and a row that is not is held out as validation data with probability
 * {@code validation}. The test rows never depend on {@code validation}: evaluate, which knows only
 * the test fraction and the seed, finds the rows training tested on.
 *
 * @param fraction   the fraction held out as test data, 0 for none
 * @param seed       the run seed
 * @param validation the fraction of the remaining (training) rows held out as validation data, 0 for none
 */
public record Split(double fraction, long seed, double validation) implements Serializable {
    private static final long HOLD_OUT = 0x484f_4c44L;
    private static final long VALIDATE = 0x5641_4c44L;

    /** Which rows a pass reads; every row is on exactly one side but {@code ALL}. */
    enum Side { ALL, TRAIN, HELD, VALIDATION }

    /** A test hold-out alone. */
    public Split(double fraction, long seed) {
        this(fraction, seed, 0);
    }

    static Split none() {
        return new Split(0, 0);
    }

    boolean held(int partition, long rowInPartition) {
        return chosen(fraction, HOLD_OUT, partition, rowInPartition);
    }

    /** The side of the row: test, validation or training (never {@code ALL}). */
    Side sideOf(int partition, long rowInPartition) {
        if (held(partition, rowInPartition)) {
            return Side.HELD;
        }
        return chosen(validation, VALIDATE, partition, rowInPartition) ? Side.VALIDATION : Side.TRAIN;
    }

    boolean wants(Side side, int partition, long rowInPartition) {
        return side == Side.ALL || sideOf(partition, rowInPartition) == side;
    }

    private boolean chosen(double share, long purpose, int partition, long rowInPartition) {
        if (share <= 0) {
            return false;
        }
        long bits = Seeds.derive(seed, purpose, partition, rowInPartition) >>> 11;
        return bits * 0x1.0p-53 < share;
    }
}
