package io.paramavg.driver.engine;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;

/** A way of training on Spark; the run's outputs do not depend on which one trained. */
public interface TrainingEngine {
    /**
     * Trains on {@code data} as {@code config} says (its shard count already resolved), continuing
     * from and saving checkpoints as {@code checkpointing} says.
     */
    TrainingResult train(RunConfig config, LoadedData data, TrainingListener listener, Checkpointing checkpointing);
}
