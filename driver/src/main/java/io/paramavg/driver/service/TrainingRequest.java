package io.paramavg.driver.service;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.worker.model.ModelState;

import java.util.Optional;

/**
 * Everything a training run needs, typed and checked before any work.
 *
 * @param config       the validated configuration (shards may still be 0: resolved against Spark)
 * @param out          the output folder, on any Hadoop file system
 * @param overwrite    replace a model already in {@code out}
 * @param resume       continue the run in {@code out} from its newest checkpoint
 * @param breakLock    remove a stale lock on {@code out}
 * @param sharedPaths  the caller vouches that local paths are on a mount every cluster host shares
 * @param master       the Spark master, or null for spark-submit's (else local)
 * @param data         data the caller has already read and checked, if any (else read from the config)
 * @param initialState parameters and updater state to start from instead of fresh weights (a warm start)
 */
public record TrainingRequest(RunConfig config, String out, boolean overwrite, boolean resume, boolean breakLock,
                              boolean sharedPaths, String master, Optional<LoadedData> data,
                              Optional<ModelState> initialState) {

    public TrainingRequest {
        if (resume && overwrite) {
            throw new ConfigException("--resume continues the run in --out and --overwrite starts it over: choose one");
        }
        if (resume && initialState.isPresent()) {
            throw new IllegalArgumentException("a resumed run continues from its checkpoint, not from given weights");
        }
    }
}
