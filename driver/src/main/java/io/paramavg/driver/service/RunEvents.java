package io.paramavg.driver.service;

import io.paramavg.driver.engine.TrainingListener;

/** What a service reports while it works: the engine's rounds and epochs, and one-line status messages. */
public interface RunEvents extends TrainingListener {
    /** A status line: what data was read, how training is set up, where outputs went. */
    default void onMessage(String line) {
    }

    /** Reports nothing. */
    RunEvents NONE = new RunEvents() {
        @Override
        public void onRound(io.paramavg.driver.engine.RoundReport report) {
        }

        @Override
        public void onEpoch(io.paramavg.driver.engine.EpochReport report, int epochs) {
        }
    };
}
