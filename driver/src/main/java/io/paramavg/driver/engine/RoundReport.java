package io.paramavg.driver.engine;

/**
 * What one round did and where its time went.
 *
 * @param epoch          0-based epoch
 * @param round          0-based round within the epoch
 * @param roundsPerEpoch rounds in each epoch
 * @param meanLoss       mean training loss per example over the round's minibatches
 * @param examples       examples fitted in the round, over all shards
 * @param correct        of them, those classified correctly by the step that trained on them
 * @param launchMs       for a stage's first round: from submitting the stage to every task having
 *                       registered (scheduling, task launch, reading shards, retries); 0 for the others
 * @param computeMs      the slowest task's fitting time on its executor
 * @param exchangeMs     the rest of the round on rank 0: waiting for the slowest task, the allreduce
 *                       and the averaging (the per-round overhead)
 */
public record RoundReport(int epoch, int round, int roundsPerEpoch, double meanLoss, long examples, long correct,
                          double launchMs, double computeMs, double exchangeMs) {

    /** Wall time of the round. */
    public double totalMs() {
        return launchMs + computeMs + exchangeMs;
    }
}
