package io.paramavg.driver.engine;

import io.paramavg.worker.model.ModelState;
import org.nd4j.evaluation.classification.Evaluation;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param finalState  the averaged parameters and updater state after the last round
 * @param evaluation  the test-set evaluation of {@code finalState}
 * @param epochs      one report per epoch
 * @param rounds      one report per round
 * @param shards      the shard count actually used
 * @param executors   the executor processes that trained shards (empty where the engine cannot tell)
 * @param bestEpoch   the best epoch (0-based) by the validation metric, or -1 without validation data
 * @param stoppedEarly whether early stopping ended training before its last epoch
 */
public record TrainingResult(ModelState finalState, Evaluation evaluation, List<EpochReport> epochs,
                             List<RoundReport> rounds, int shards, java.util.SortedSet<String> executors,
                             int bestEpoch, boolean stoppedEarly) {

    /** The validation figures of the best epoch, or null without validation data. */
    public io.paramavg.worker.eval.Scored bestValidation() {
        return epochs.stream().filter(e -> e.epoch() == bestEpoch && e.validation() != null)
                .map(EpochReport::validation).findFirst().orElse(null);
    }
}
