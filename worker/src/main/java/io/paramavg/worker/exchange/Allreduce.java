package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;

import java.io.IOException;

/**
 * An allreduce of example-weighted sums among the ranks of a stage: every rank ends each round with
 * the bit-identical example-weighted mean, the same whatever order the peers' data arrive in.
 */
public interface Allreduce extends AutoCloseable {
    int rank();

    int ranks();

    /**
     * Averages this rank's {@code local} sum with every other rank's; returns the averaged state at
     * {@code iteration} and {@code epoch}, identical on every rank. {@code computeNanos} is this rank's
     * fitting time for the round, so that the slowest can be told.
     */
    Averaged allreduce(ParameterSum local, long computeNanos, int iteration, int epoch) throws IOException;

    @Override
    void close();
}
