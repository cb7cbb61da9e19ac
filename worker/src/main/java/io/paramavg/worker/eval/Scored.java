package io.paramavg.worker.eval;

import org.nd4j.evaluation.classification.Evaluation;

import java.io.Serializable;

/**
 * A network's metrics on some records and its loss on them: the multi-class cross-entropy of the
 * predicted probability of each record's class (what training minimises, without regularisation),
 * summed so that shards merge exactly.
 *
 * @param evaluation the confusion matrix and everything derived from it
 * @param lossSum    the sum over records of -ln p(true class)
 * @param examples   the records scored
 */
public record Scored(Evaluation evaluation, double lossSum, long examples) implements Serializable {

    /** This and {@code other} together (mutates and returns this one's evaluation). */
    public Scored merge(Scored other) {
        evaluation.merge(other.evaluation);
        return new Scored(evaluation, lossSum + other.lossSum, examples + other.examples);
    }

    /** Mean loss per record. */
    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    public double accuracy() {
        return evaluation.accuracy();
    }
}
