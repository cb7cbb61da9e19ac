package io.paramavg.driver.engine;

/**
 * What one round did and where its time went.
 *
 * @param epoch          0-based epoch
 * @param round          0-based round within the epoch
 * @param roundsPerEpoch rounds in each epoch
 * @param meanLoss       mean training loss per example over the round's minibatches
 * @param examples       examples fitted in the round, over all shards
 * @param broadcastMs    driver time to publish the parameters
 * @param computeMs      the slowest shard's fitting time on its executor
 * @param aggregateMs    the rest of the Spark job: scheduling, task launch, result transfer, tree merge
 * @param driverMs       driver time to divide the sums into the new parameters
 */
public record RoundReport(int epoch, int round, int roundsPerEpoch, double meanLoss, long examples,
                          double broadcastMs, double computeMs, double aggregateMs, double driverMs) {

    /** Wall time of the round. */
    public double totalMs() {
        return broadcastMs + computeMs + aggregateMs + driverMs;
    }
}
