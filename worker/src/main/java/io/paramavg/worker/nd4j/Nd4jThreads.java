package io.paramavg.worker.nd4j;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps ND4J's native (OpenMP and BLAS) threads for this JVM. Spark runs several tasks at once in
 * one executor, one per core; if each task's ND4J also spreads over every core, they fight for
 * them and the whole executor slows down. One thread per task core is right.
 */
public final class Nd4jThreads {
    private static volatile int configured;

    private Nd4jThreads() {
    }

    /** Sets ND4J's thread count to {@code threads}, once per JVM (later calls with the same value are free). */
    public static synchronized void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ND4J threads must be at least 1, found " + threads);
        }
        if (configured == threads) {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        // BLAS (OpenBLAS here) keeps its own pool, separate from ND4J's OpenMP loops.
        Nd4j.factory().blas().setMaxThreads(threads);
        configured = threads;
    }
}
