package io.paramavg.driver.engine;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.io.Serializable;

/**
 * The mean training loss of an epoch under DL4J's Spark training master, measured as the paramavg
 * engine measures it: every minibatch's loss weighted by its size, summed over every worker. DL4J's
 * own {@code getScore()} is only the last averaging's score. The listener travels to the workers
 * with the training master; its accumulators bring the sums back to the driver.
 */
final class EpochLoss extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DoubleAccumulator lossSum;
    private final LongAccumulator examples;
    private final int batchSize;

    EpochLoss(JavaSparkContext sc, int batchSize) {
        this.lossSum = sc.sc().doubleAccumulator("paramavg epoch loss sum");
        this.examples = sc.sc().longAccumulator("paramavg epoch examples");
        this.batchSize = batchSize;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long size = minibatchSize(model);
        lossSum.add(model.score() * size);
        examples.add(size);
    }

    private long minibatchSize(Model model) {
        try {
            int size = model.batchSize();
            return size > 0 ? size : batchSize;
        } catch (RuntimeException e) {
            // The input is already released: every minibatch but a shard's last has the configured size.
            return batchSize;
        }
    }

    /** The mean loss per example since the last call, and starts the next epoch's sums. */
    double takeMean() {
        double mean = examples.value() == 0 ? Double.NaN : lossSum.value() / examples.value();
        lossSum.reset();
        examples.reset();
        return mean;
    }
}
