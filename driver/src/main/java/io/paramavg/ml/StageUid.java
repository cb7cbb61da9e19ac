package io.paramavg.ml;

/**
 * Hands a Java stage its uid while its Spark ML superclass is being constructed. MLlib's Scala stages take
 * the uid as a constructor parameter, which Scala assigns before the superclass constructor runs; that
 * constructor makes the inherited Params ({@code featuresCol}, {@code thresholds}, …), and each Param records
 * its owner's {@code uid()} as its parent, which Spark later checks on every {@code set}. Java assigns no field
 * before {@code super()}, so a Java stage's {@code uid()} reads the value {@link #pending} left here while its
 * own field is still unset: a thread-local, since construction runs on one thread.
 */
final class StageUid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private StageUid() {
    }

    /** Keeps {@code uid} for the constructor about to run on this thread, and returns it. */
    static String pending(String uid) {
        PENDING.set(uid);
        return uid;
    }

    /** The uid of a stage whose field is {@code own}: {@code own}, or the one being constructed. */
    static String of(String own) {
        return own != null ? own : PENDING.get();
    }

    /** Ends a construction: the stage's field now holds the uid. */
    static void constructed() {
        PENDING.remove();
    }
}
