package io.paramavg.driver.service;

import io.paramavg.driver.config.RunConfig;

/**
 * A scheduled retraining run. Built with {@link #builder(RunConfig, String)}, so a call site names each
 * choice it makes and leaves the rest at their defaults (warm-started, skipped when nothing changed).
 *
 * @param config      the run's configuration; its {@code retrain.*} keys decide promotion and retention
 * @param registry    the registry folder, on any Hadoop file system
 * @param fromScratch do not warm-start from the current version
 * @param force       train even if the current version was trained on the same data and configuration
 * @param breakLock   remove a stale registry lock
 * @param sharedPaths the caller vouches that local paths are on a mount every cluster host shares
 * @param master      the Spark master, or null for spark-submit's (else local)
 */
public record RetrainRequest(RunConfig config, String registry, boolean fromScratch, boolean force, boolean breakLock,
                             boolean sharedPaths, String master) {

    /** A request to retrain {@code config} into the registry at {@code registry}; each other choice is named. */
    public static Builder builder(RunConfig config, String registry) {
        return new Builder(config, registry);
    }

    /** Collects a request's choices. */
    public static final class Builder {
        private final RunConfig config;
        private final String registry;
        private boolean fromScratch;
        private boolean force;
        private boolean breakLock;
        private boolean sharedPaths;
        private String master;

        private Builder(RunConfig config, String registry) {
            this.config = config;
            this.registry = registry;
        }

        /** Do not warm-start from the current version. */
        public Builder fromScratch(boolean fromScratch) {
            this.fromScratch = fromScratch;
            return this;
        }

        /** Train even if the current version was trained on the same data and configuration. */
        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        /** Remove a stale registry lock. */
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

        public RetrainRequest build() {
            return new RetrainRequest(config, registry, fromScratch, force, breakLock, sharedPaths, master);
        }
    }
}
