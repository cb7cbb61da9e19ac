package io.paramavg.driver.engine;

import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.config.ValidationConfig;
import io.paramavg.driver.data.Shard;
import io.paramavg.worker.eval.Scored;
import io.paramavg.worker.model.ModelState;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The end of an epoch, between stages: score the validation shards (when there are any) and keep
 * the best epoch's state, evaluate the test shards when due, report the epoch, and say whether
 * early stopping ends training here.
 */
final class EpochEnd {
    private final JavaSparkContext sc;
    private final JavaRDD<Shard> testShards;
    private final JavaRDD<Shard> validationShards;
    private final ExecutorSetup setup;
    private final TrainingConfig training;
    private final ValidationConfig validation;
    private final TrainingListener listener;
    private BestEpoch best;
    private ModelState bestState;

    EpochEnd(JavaSparkContext sc, JavaRDD<Shard> testShards, JavaRDD<Shard> validationShards, ExecutorSetup setup,
             TrainingConfig training, ValidationConfig validation, TrainingListener listener, Checkpoint.Best start) {
        this.sc = sc;
        this.testShards = testShards;
        this.validationShards = validationShards;
        this.setup = setup;
        this.training = training;
        this.validation = validation;
        this.listener = listener;
        this.best = new BestEpoch(start.epoch(), start.value(), start.epochsWithout());
        this.bestState = start.state();
    }

    /** Reports epoch {@code epoch}, scoring and evaluating {@code state} first as this epoch calls for. */
    EpochReport finish(int epoch, ModelState state, double lossSum, long examples, long correct, double seconds) {
        Scored validated = null;
        if (validationShards != null) {
            validated = DistributedEvaluator.score(sc, validationShards, setup, state);
            double metric = validation.metric() == ValidationConfig.Metric.VAL_LOSS ? validated.meanLoss()
                    : validated.accuracy();
            best = best.after(epoch, metric, validation);
            if (best.isBest(epoch) && validation.restoreBest()) {
                bestState = state;
            }
        }
        Evaluation evaluated = training.evaluatesAfter(epoch) ? evaluate(state) : null;
        EpochReport report = new EpochReport(epoch, lossSum / examples, examples, correct, seconds, validated,
                evaluated);
        listener.onEpoch(report, training.epochs());
        return report;
    }

    /** Whether patience has run out after the epoch just finished. */
    boolean stops() {
        return validationShards != null && best.stops(validation);
    }

    /** The best epoch so far, -1 without validation data. */
    int bestEpoch() {
        return best.epoch();
    }

    /** What a checkpoint carries of early stopping. */
    Checkpoint.Best progress() {
        return new Checkpoint.Best(best.epoch(), best.value(), best.epochsWithout(), bestState);
    }

    /** The state training keeps: the best epoch's when validation chose one and restore-best is on. */
    ModelState kept(ModelState last) {
        return bestState != null && validation.restoreBest() ? bestState : last;
    }

    Evaluation evaluate(ModelState state) {
        return DistributedEvaluator.evaluate(sc, testShards, setup, state);
    }
}
