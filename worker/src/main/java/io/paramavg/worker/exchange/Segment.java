package io.paramavg.worker.exchange;

import java.nio.ByteBuffer;

/**
 * Values {@code [from, to)} of a model seen as one array: its {@code p} parameters followed by its
 * updater state. The exchange cuts that concatenation into one segment per rank; a segment may lie in
 * either array or straddle the two, and this is the one place that works out which part lies where.
 *
 * @param from the first value
 * @param to   one past the last value
 * @param p    the number of parameters (where the updater state starts)
 */
record Segment(int from, int to, int p) {

    /** Segment {@code j} of {@code ranks} over a model of {@code p} parameters and {@code u} updater values. */
    static Segment of(int p, int u, int j, int ranks) {
        long n = (long) p + u;
        return new Segment((int) (n * j / ranks), (int) (n * (j + 1) / ranks), p);
    }

    int length() {
        return to - from;
    }

    /** How many of the values are parameters. */
    int inParameters() {
        return Math.max(0, Math.min(to, p) - from);
    }

    /** Where the parameters among the values start (clamped, so that an empty part is a valid range). */
    private int parametersFrom() {
        return Math.min(from, p);
    }

    /** Where the rest (updater values) starts in the updater array. */
    private int updaterFrom() {
        return Math.max(from, p) - p;
    }

    private int inUpdater() {
        return length() - inParameters();
    }

    /** This segment of {@code ps ++ us} into {@code values[0, length)}. */
    void gather(float[] ps, float[] us, float[] values) {
        System.arraycopy(ps, parametersFrom(), values, 0, inParameters());
        System.arraycopy(us, updaterFrom(), values, inParameters(), inUpdater());
    }

    void gather(double[] ps, double[] us, double[] values) {
        System.arraycopy(ps, parametersFrom(), values, 0, inParameters());
        System.arraycopy(us, updaterFrom(), values, inParameters(), inUpdater());
    }

    /** {@code values[0, length)} into this segment of {@code ps ++ us}. */
    void scatter(float[] values, float[] ps, float[] us) {
        System.arraycopy(values, 0, ps, parametersFrom(), inParameters());
        System.arraycopy(values, inParameters(), us, updaterFrom(), inUpdater());
    }

    /** This segment of {@code ps ++ us}, as floats, into {@code bytes} (at its position, in its byte order). */
    void put(ByteBuffer bytes, float[] ps, float[] us) {
        bytes.asFloatBuffer().put(ps, parametersFrom(), inParameters()).put(us, updaterFrom(), inUpdater());
    }

    void put(ByteBuffer bytes, double[] ps, double[] us) {
        bytes.asDoubleBuffer().put(ps, parametersFrom(), inParameters()).put(us, updaterFrom(), inUpdater());
    }

    /** Floats from {@code bytes} into this segment of {@code ps ++ us}. */
    void get(ByteBuffer bytes, float[] ps, float[] us) {
        bytes.asFloatBuffer().get(ps, parametersFrom(), inParameters()).get(us, updaterFrom(), inUpdater());
    }
}
