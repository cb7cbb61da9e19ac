package io.paramavg.worker.train;

import java.util.SplittableRandom;

/** Seeded permutations (Fisher-Yates over {@link SplittableRandom}, identical on every JVM). */
public final class Permutations {
    private Permutations() {
    }

    /** A permutation of {@code 0..n-1} determined by {@code seed} alone. */
    public static int[] of(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The order in which {@code shard} visits its {@code n} records during {@code epoch}. */
    public static int[] epochOrder(int n, long seed, int epoch, int shard) {
        return of(n, Seeds.derive(seed, Seeds.EPOCH_ORDER, epoch, shard));
    }

    /**
     * Splits {@code n} records into {@code shards} shards of sizes that differ by at most one, from
     * a seeded permutation: shard {@code s} gets a contiguous slice of it.
     */
    public static int[][] split(int n, int shards, long seed) {
        if (shards < 1 || shards > n) {
            throw new IllegalArgumentException("train.shards must be between 1 and the number of training records ("
                    + n + "), found " + shards);
        }
        int[] order = of(n, Seeds.derive(seed, Seeds.SPLIT));
        int[][] result = new int[shards][];
        int start = 0;
        for (int s = 0; s < shards; s++) {
            int size = n / shards + (s < n % shards ? 1 : 0);
            result[s] = java.util.Arrays.copyOfRange(order, start, start + size);
            start += size;
        }
        return result;
    }

    /** How many of {@code n} records {@link #holdOut} holds out for {@code fraction}: {@code round(n * fraction)}. */
    public static int heldOutCount(int n, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("a held-out fraction must be in [0, 1), found " + fraction);
        }
        return (int) Math.round(n * fraction);
    }

    /**
     * Holds {@code round(n * fraction)} of {@code n} records out, chosen by a seeded permutation:
     * returns {kept, heldOut}, each in ascending record order, disjoint, together all of 0..n-1. The
     * same seed gives the same split on every JVM, so executors re-reading the data agree with the
     * driver on which records train.
     */
    public static int[][] holdOut(int n, double fraction, long seed) {
        int held = heldOutCount(n, fraction);
        if (held == 0) {
            return new int[][] {Minibatches.identity(n), new int[0]};
        }
        int[] order = of(n, Seeds.derive(seed, Seeds.VALIDATION));
        int[] heldOut = java.util.Arrays.copyOfRange(order, 0, held);
        int[] kept = java.util.Arrays.copyOfRange(order, held, n);
        java.util.Arrays.sort(heldOut);
        java.util.Arrays.sort(kept);
        return new int[][] {kept, heldOut};
    }
}
