package io.paramavg.driver.engine;

import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.worker.model.ModelState;


import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a checkpoint where one is due, at the end of a stage (stages end exactly at the checkpoint
 * boundaries, see {@link StagePlan}). A checkpoint at an epoch's end points at the next epoch's first
 * round; one inside an epoch carries the epoch's loss so far, so that a resumed run reports the same
 * epoch loss and ends bit-exact.
 */
final class CheckpointWriter {
    private final RunConfig config;
    private final Checkpointing checkpointing;
    private final TrainingListener listener;

    CheckpointWriter(RunConfig config, Checkpointing checkpointing, TrainingListener listener) {
        this.config = config;
        this.checkpointing = checkpointing;
        this.listener = listener;
    }

    /**
     * After round {@code round} of {@code epoch}, with {@code roundsDone} rounds run in all, inside an
     * epoch: the checkpoint at an epoch's end waits for {@link #afterEpoch}, which knows the epoch's
     * validation result.
     */
    void afterRound(int epoch, int round, int roundsPerEpoch, long roundsDone, ModelState state, double epochLoss,
                    long epochExamples, Checkpoint.Best best) {
        if (round == roundsPerEpoch - 1 || !config.training().checkpointAfter(round, roundsPerEpoch, roundsDone)) {
            return;
        }
        save(new Checkpoint(epoch, round + 1, roundsDone, epochLoss, epochExamples, state, config.settings().asMap(),
                best));
    }

    /** At the end of {@code epoch}, once validated, if a checkpoint is due there. */
    void afterEpoch(int epoch, int roundsPerEpoch, long roundsDone, ModelState state, Checkpoint.Best best) {
        if (config.training().checkpointAfter(roundsPerEpoch - 1, roundsPerEpoch, roundsDone)) {
            save(new Checkpoint(epoch + 1, 0, roundsDone, 0, 0, state.at(state.iteration(), epoch + 1),
                    config.settings().asMap(), best));
        }
    }

    private void save(Checkpoint checkpoint) {
        try {
            listener.onCheckpoint(checkpoint, checkpointing.sink().save(checkpoint));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + checkpoint.fileName() + ": "
                    + e.getMessage(), e);
        }
    }
}
