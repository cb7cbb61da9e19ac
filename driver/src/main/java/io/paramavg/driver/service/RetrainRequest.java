package io.paramavg.driver.service;

import io.paramavg.driver.config.RunConfig;

/**
 * A scheduled retraining run.
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
}
