package io.paramavg.driver.engine;

import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.worker.model.ModelState;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.evaluation.classification.Evaluation;

/** The end of an epoch: evaluate the test shards when due, report the epoch. Runs between stages. */
final class EpochEnd {
    private final JavaSparkContext sc;
    private final JavaRDD<Shard> testShards;
    private final ExecutorSetup setup;
    private final TrainingConfig training;
    private final TrainingListener listener;

    EpochEnd(JavaSparkContext sc, JavaRDD<Shard> testShards, ExecutorSetup setup, TrainingConfig training,
             TrainingListener listener) {
        this.sc = sc;
        this.testShards = testShards;
        this.setup = setup;
        this.training = training;
        this.listener = listener;
    }

    /** Reports epoch {@code epoch}, evaluating {@code state} first if this epoch calls for it. */
    EpochReport finish(int epoch, ModelState state, double lossSum, long examples, double seconds) {
        Evaluation evaluated = training.evaluatesAfter(epoch) ? evaluate(state) : null;
        EpochReport report = new EpochReport(epoch, lossSum / examples, examples, seconds, evaluated);
        listener.onEpoch(report, training.epochs());
        return report;
    }

    Evaluation evaluate(ModelState state) {
        return DistributedEvaluator.evaluate(sc, testShards, setup, state);
    }
}
