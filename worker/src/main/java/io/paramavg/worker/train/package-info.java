/**
 * Training one shard for one round: the seeded orders and schedule that make every round
 * reproducible from (seed, epoch, shard) alone, the minibatches cut from a shard's bytes, and the
 * networks each executor JVM builds once and reuses.
 */
package io.paramavg.worker.train;
