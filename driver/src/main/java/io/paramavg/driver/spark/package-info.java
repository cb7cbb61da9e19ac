/**
 * Starting (or joining) the Spark context, waiting for its executors' task slots, and keeping
 * Spark's log output quiet unless asked.
 */
package io.paramavg.driver.spark;
