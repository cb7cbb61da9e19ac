package io.paramavg.worker.exchange;

import io.paramavg.worker.model.ModelState;

/**
 * What every rank holds after a round's allreduce: the same averaged state, bit for bit, and the
 * round's totals.
 *
 * @param state           the example-weighted mean of all ranks' parameters and updater state
 * @param examples        examples fitted this round over all ranks
 * @param meanLoss        mean training loss per example this round, over all ranks
 * @param correct         examples the network classified correctly as it trained on them, over all ranks
 * @param computeNanosMax the slowest rank's fitting time this round
 * @param finite          whether the mean loss and every averaged parameter are finite
 */
public record Averaged(ModelState state, long examples, double meanLoss, long correct, long computeNanosMax,
                       boolean finite) {
}
