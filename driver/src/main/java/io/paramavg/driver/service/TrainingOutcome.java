package io.paramavg.driver.service;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.engine.TrainingResult;
import io.paramavg.driver.mlflow.RunTracking;
import org.apache.hadoop.fs.Path;

/**
 * What a training run produced.
 *
 * @param config      the configuration it ran with, shard count resolved
 * @param data        the data it trained and evaluated on
 * @param result      the engine's result: final state, test evaluation, per-epoch and per-round reports
 * @param folder      where the outputs were written
 * @param wallSeconds from the request to the last output written
 * @param mlflow      the run's record in MLflow (one that only passes events on when there is none)
 */
public record TrainingOutcome(RunConfig config, LoadedData data, TrainingResult result, Path folder,
                             double wallSeconds, RunTracking mlflow) {

    /** The held-out test accuracy of the written model. */
    public double accuracy() {
        return result.evaluation().accuracy();
    }
}
