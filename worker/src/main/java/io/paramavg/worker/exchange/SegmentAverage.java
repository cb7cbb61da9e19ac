package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;

/**
 * The owner's arithmetic: averages its segment of the model over every rank's contribution, adding them
 * <em>in rank order</em> exactly as {@link ParameterSum#merge} would (a lone one-shard contribution is
 * copied as it is; a first float one enters as {@code 0.0 + v * examples}) and dividing as
 * {@link ParameterSum#average}, the last addition and the division in one pass. So the bits depend on
 * neither arrival order nor which rank owns the segment. Scratch arrays live as long as the exchange.
 */
final class SegmentAverage {
    private final int rank;
    private final int ranks;
    private double[] accumulator = new double[0];
    private double[] doubleValues = new double[0];
    private float[] floatValues = new float[0];
    private float[] averaged = new float[0];

    SegmentAverage(int rank, int ranks) {
        this.rank = rank;
        this.ranks = ranks;
    }

    /**
     * Averages {@code segment} of the concatenated model into the result arrays from this rank's
     * {@code local} sum and the others' contributions; returns whether every parameter (not updater
     * value) of the segment is finite.
     */
    boolean average(Contributions round, ParameterSum local, Segment segment, long total, int contributors,
                    float[] resultP, float[] resultU) {
        int length = segment.length();
        if (length == 0) {
            return true;
        }
        accumulator = atLeast(accumulator, length);
        averaged = atLeast(averaged, length);
        double[] acc = accumulator;
        float[] out = averaged;
        int seen = 0;
        for (int r = 0; r < ranks; r++) {
            byte kind = round.kinds[r];
            if (kind == Contributions.EMPTY) {
                continue;
            }
            seen++;
            boolean first = seen == 1;
            boolean last = seen == contributors;
            if (kind == Contributions.FLOATS) {
                float[] values = floats(round, r, local, segment);
                double weight = round.examples[r];
                if (first && last) {
                    System.arraycopy(values, 0, out, 0, length);
                } else if (first) {
                    for (int i = 0; i < length; i++) {
                        acc[i] = 0.0 + (double) values[i] * weight;
                    }
                } else if (last) {
                    for (int i = 0; i < length; i++) {
                        out[i] = (float) ((acc[i] + (double) values[i] * weight) / total);
                    }
                } else {
                    for (int i = 0; i < length; i++) {
                        acc[i] += (double) values[i] * weight;
                    }
                }
            } else {
                double[] values = doubles(round, r, local, segment);
                if (first && last) {
                    for (int i = 0; i < length; i++) {
                        out[i] = (float) (values[i] / total);
                    }
                } else if (first) {
                    System.arraycopy(values, 0, acc, 0, length);
                } else if (last) {
                    for (int i = 0; i < length; i++) {
                        out[i] = (float) ((acc[i] + values[i]) / total);
                    }
                } else {
                    for (int i = 0; i < length; i++) {
                        acc[i] += values[i];
                    }
                }
            }
        }
        boolean finite = true;
        for (int i = 0; i < segment.inParameters(); i++) {
            finite &= Float.isFinite(out[i]);
        }
        segment.scatter(out, resultP, resultU);
        return finite;
    }

    /** Rank {@code r}'s float contribution to the segment. */
    private float[] floats(Contributions round, int r, ParameterSum local, Segment segment) {
        floatValues = atLeast(floatValues, segment.length());
        if (r == rank) {
            segment.gather(local.soleParameters(), local.soleUpdaterState(), floatValues);
        } else {
            round.floats(r, segment.length(), floatValues);
        }
        return floatValues;
    }

    /** Rank {@code r}'s summed (double) contribution to the segment. */
    private double[] doubles(Contributions round, int r, ParameterSum local, Segment segment) {
        doubleValues = atLeast(doubleValues, segment.length());
        if (r == rank) {
            segment.gather(local.summedParameters(), local.summedUpdaterState(), doubleValues);
        } else {
            round.doubles(r, segment.length(), doubleValues);
        }
        return doubleValues;
    }

    private static double[] atLeast(double[] buf, int length) {
        return buf.length >= length ? buf : new double[length];
    }

    private static float[] atLeast(float[] buf, int length) {
        return buf.length >= length ? buf : new float[length];
    }
}
