package io.paramavg.driver.engine;

import org.nd4j.evaluation.classification.Evaluation;

/**
 * The end of an epoch.
 *
 * @param epoch             0-based epoch
 * @param meanLoss          mean training loss per example over the epoch
 * @param examples          examples fitted in the epoch
 * @param seconds           wall time of the epoch's training rounds (evaluation excluded)
 * @param evaluation        the test-set evaluation after this epoch, or null if not evaluated
 */
public record EpochReport(int epoch, double meanLoss, long examples, double seconds, Evaluation evaluation) {

    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
