package io.paramavg.worker.train;

/**
 * Derives independent seeds from the one run seed, so that every shuffle and initialisation is
 * reproducible on its own: an executor can recompute the order of any epoch of any shard without
 * having seen the ones before (which is what makes retries and resume exact).
 */
public final class Seeds {
    /** Purpose tags, so that two uses of the same numbers never share a seed. */
    public static final long SPLIT = 0x5350_4c49_54L;
    public static final long EPOCH_ORDER = 0x4550_4f43_48L;
    public static final long DROPOUT = 0x4452_4f50L;
    public static final long VALIDATION = 0x5641_4c49_44L;
    public static final long TUNE = 0x5455_4e45L;

    private Seeds() {
    }

    /** A seed for {@code purpose} and the given coordinates (epoch, shard, round...). */
    public static long derive(long seed, long purpose, long... coordinates) {
        long h = mix(seed ^ mix(purpose));
        for (long c : coordinates) {
            h = mix(h ^ mix(c + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    // SplitMix64's finaliser: a bijective avalanche of 64 bits.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
