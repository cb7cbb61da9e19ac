package io.paramavg.driver.service;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.worker.model.ModelState;

import java.util.Optional;

/**
 * Everything a training run needs, typed and checked before any work. Built with
 * {@link #builder(RunConfig, String)}, so a call site names each choice it makes and leaves the rest at
 * their defaults (a fresh run from the configuration's data, nothing overwritten).
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

    /** A request to train {@code config} into {@code out}; each other choice has a named setter. */
    public static Builder builder(RunConfig config, String out) {
        return new Builder(config, out);
    }

    /** Collects a request's choices; {@link #build} checks them together. */
    public static final class Builder {
        private final RunConfig config;
        private final String out;
        private boolean overwrite;
        private boolean resume;
        private boolean breakLock;
        private boolean sharedPaths;
        private String master;
        private Optional<LoadedData> data = Optional.empty();
        private Optional<ModelState> initialState = Optional.empty();

        private Builder(RunConfig config, String out) {
            this.config = config;
            this.out = out;
        }

        /** Replace a model already in the output folder. */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Continue the run in the output folder from its newest checkpoint. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Remove a stale lock on the output folder. */
        public Builder breakLock(boolean breakLock) {
            this.breakLock = breakLock;
            return this;
        }

        /** The caller vouches that local paths are on a mount every cluster host shares. */
        public Builder sharedPaths(boolean sharedPaths) {
            this.sharedPaths = sharedPaths;
            return this;
        }

        /** The Spark master; null (the default) for spark-submit's, else local. */
        public Builder master(String master) {
            this.master = master;
            return this;
        }

        /** Train on data the caller has already read and checked, instead of the configuration's. */
        public Builder data(LoadedData data) {
            this.data = Optional.of(data);
            return this;
        }

        /** Start from these parameters and updater state, if given, instead of fresh weights. */
        public Builder warmStart(Optional<ModelState> state) {
            this.initialState = state;
            return this;
        }

        public TrainingRequest build() {
            return new TrainingRequest(config, out, overwrite, resume, breakLock, sharedPaths, master, data,
                    initialState);
        }
    }
}
