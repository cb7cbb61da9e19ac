/**
 * The Spark application: command line, configuration, the training, evaluation and retraining
 * services, data access through the Hadoop FileSystem API, the engine that trains shards on
 * executors and averages them, evaluation and outputs. The executor-side work itself lives in the
 * Spark-free {@code io.paramavg.worker} module.
 */
package io.paramavg.driver;
