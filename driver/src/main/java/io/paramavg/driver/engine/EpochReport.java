package io.paramavg.driver.engine;

import io.paramavg.worker.eval.Scored;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The end of an epoch.
 *
 * @param epoch        0-based epoch
 * @param meanLoss     mean training loss per example over the epoch
 * @param examples     examples fitted in the epoch
 * @param trainCorrect of them, those classified correctly by the step that trained on them; -1 where the
 *                     engine cannot tell
 * @param seconds      wall time of the epoch's training rounds (evaluation excluded)
 * @param validation   the validation set's metrics and loss after this epoch, or null without validation data
 * @param evaluation   the test-set evaluation after this epoch, or null if not evaluated
 */
public record EpochReport(int epoch, double meanLoss, long examples, long trainCorrect, double seconds,
                          Scored validation, Evaluation evaluation) {

    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }

    /** Training accuracy accumulated while training, or NaN where not measured. */
    public double trainAccuracy() {
        return trainCorrect < 0 || examples == 0 ? Double.NaN : (double) trainCorrect / examples;
    }
}
