package io.paramavg.worker.train;

import java.io.Serializable;

/**
 * What one shard sends back after a round: its parameters and updater state, and what it took to
 * get them.
 *
 * @param parameters    parameters after the round's minibatches
 * @param updaterState  updater state after them
 * @param examples      records fitted this round (the averaging weight); 0 if the shard had none left
 * @param lossSum       sum over minibatches of (mean minibatch loss x minibatch size)
 * @param batches       minibatches fitted
 * @param computeNanos  wall time spent fitting, on the executor
 */
public record ShardResult(float[] parameters, float[] updaterState, long examples, double lossSum, int batches,
                          long computeNanos) implements Serializable {
}
