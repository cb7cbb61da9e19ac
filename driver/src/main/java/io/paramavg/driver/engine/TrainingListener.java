package io.paramavg.driver.engine;

/** Receives progress from the engine, on the driver, as it happens. */
public interface TrainingListener {
    void onRound(RoundReport report);

    void onEpoch(EpochReport report, int epochs);

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
