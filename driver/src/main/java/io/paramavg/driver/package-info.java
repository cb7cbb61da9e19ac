/**
 * The Spark application: command line, configuration, data access through the Hadoop FileSystem
 * API, the round loop that trains shards on executors and averages them, evaluation and outputs.
 * The executor-side work itself lives in the Spark-free {@code io.paramavg.worker} module.
 */
package io.paramavg.driver;
