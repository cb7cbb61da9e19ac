/**
 * What one task does for a whole barrier stage, with no Spark in sight: for each round of the stage,
 * fit every shard it holds from the round's start state, sum them locally, allreduce with the other
 * tasks, continue from the average. A task holding several shards (more shards than task slots) is the
 * same arithmetic as one task per shard: each shard starts the round from the same state and the sums
 * are example-weighted.
 */
package io.paramavg.worker.stage;
