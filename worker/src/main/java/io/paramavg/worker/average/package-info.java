/**
 * The averaging arithmetic: an example-weighted sum of shard results in double precision, divided
 * once. A task sums the shards it holds; the split allreduce in {@code io.paramavg.worker.exchange}
 * adds the tasks' sums in rank order with this arithmetic, so every rank ends with the same arrays.
 */
package io.paramavg.worker.average;
