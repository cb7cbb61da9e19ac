package io.paramavg.driver.engine;

import io.paramavg.driver.config.TrainingConfig;

import java.io.Serializable;

/**
 * The rounds one barrier stage runs: from {@code firstRound} of {@code epoch} up to the next
 * checkpoint or the end of the epoch, whichever comes first. The driver needs control back exactly
 * there (to write the checkpoint, or to evaluate), and nowhere else.
 *
 * @param epoch      0-based epoch
 * @param firstRound first round (0-based, within the epoch)
 * @param lastRound  last round, inclusive
 */
record StagePlan(int epoch, int firstRound, int lastRound) implements Serializable {

    /** The stage starting at {@code firstRound}, after {@code roundsDone} rounds of the run. */
    static StagePlan from(TrainingConfig training, int roundsPerEpoch, int epoch, int firstRound, long roundsDone) {
        int round = firstRound;
        long done = roundsDone + 1;
        while (round < roundsPerEpoch - 1 && !training.checkpointAfter(round, roundsPerEpoch, done)) {
            round++;
            done++;
        }
        return new StagePlan(epoch, firstRound, round);
    }

    int rounds() {
        return lastRound - firstRound + 1;
    }
}
