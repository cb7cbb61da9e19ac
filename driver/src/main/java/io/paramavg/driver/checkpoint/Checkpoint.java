package io.paramavg.driver.checkpoint;

import io.paramavg.worker.model.ModelState;

import java.util.Map;

/**
 * Where a run stood after a round: enough to continue it exactly. Every shuffle derives its seed
 * from the run seed, the epoch and the shard, so the position (epoch, next round) is the whole of
 * the random state; nothing else needs saving.
 *
 * @param epoch          the epoch (0-based) the next round belongs to
 * @param nextRound      the next round (0-based) within that epoch; 0 at an epoch boundary
 * @param roundsDone     rounds completed since the run began
 * @param epochLossSum   example-weighted training loss of the epoch's completed rounds
 * @param epochExamples  examples fitted in the epoch's completed rounds
 * @param state          parameters, updater state and step counters after the round
 * @param settings       the run's resolved configuration, to refuse a resume under another one
 * @param best           early stopping's memory (the best epoch by the validation metric so far), so a
 *                       resumed run stops at the same epoch with the same parameters
 */
public record Checkpoint(int epoch, int nextRound, long roundsDone, double epochLossSum, long epochExamples,
                         ModelState state, Map<String, String> settings, Best best) {

    /**
     * The best epoch so far and its parameters.
     *
     * @param epoch         the best epoch (0-based), or -1 before any validation
     * @param value         its validation metric
     * @param epochsWithout epochs since it without an improvement
     * @param state         its parameters and updater state, or null when they are not kept
     */
    public record Best(int epoch, double value, int epochsWithout, ModelState state) {
        /** Before any epoch was validated. */
        public static final Best NONE = new Best(-1, Double.NaN, 0, null);
    }

    /** A checkpoint without validation progress. */
    public Checkpoint(int epoch, int nextRound, long roundsDone, double epochLossSum, long epochExamples,
                      ModelState state, Map<String, String> settings) {
        this(epoch, nextRound, roundsDone, epochLossSum, epochExamples, state, settings, Best.NONE);
    }

    /**
     * The position before the first round, holding given parameters and updater state: how a warm
     * start (retraining from the current version) enters the engine. Its step counter is kept, for
     * Adam's bias correction; its epoch count starts again, and with it the learning-rate decay.
     */
    public static Checkpoint atStart(ModelState state, Map<String, String> settings) {
        return new Checkpoint(0, 0, 0, 0, 0, state.at(state.iteration(), 0), settings);
    }

    /** The file name that sorts checkpoints by position: {@code checkpoint-e0003-r00012.bin}. */
    public String fileName() {
        return String.format(java.util.Locale.ROOT, "checkpoint-e%04d-r%05d.bin", epoch, nextRound);
    }
}
