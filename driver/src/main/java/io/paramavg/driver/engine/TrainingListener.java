package io.paramavg.driver.engine;

import io.paramavg.driver.checkpoint.Checkpoint;

/** Receives progress from the engine, on the driver, as it happens. */
public interface TrainingListener {
    void onRound(RoundReport report);

    void onEpoch(EpochReport report, int epochs);

    /** An executor process (pid@host and its ND4J backend) did work for the first time in this run. */
    default void onExecutor(String executor) {
    }

    /** {@code checkpoint} was saved at {@code location}. */
    default void onCheckpoint(Checkpoint checkpoint, Object location) {
    }

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
        @Override
        public void onRound(RoundReport report) {
        }

        @Override
        public void onEpoch(EpochReport report, int epochs) {
        }
    };
}
