/**
 * The averaging arithmetic: an example-weighted sum of shard results that can be merged in any
 * order (what Spark's {@code treeAggregate} needs), divided once on the driver.
 */
package io.paramavg.worker.average;
