package io.paramavg.driver.engine;

import io.paramavg.driver.checkpoint.Checkpoint;

import java.io.IOException;
import java.util.Optional;

/**
 * What an engine does about checkpoints: the checkpoint it continues from, if any, and where it
 * hands the ones it makes.
 *
 * @param start where to continue from; empty for a fresh run
 * @param sink  receives each checkpoint as it is due; returns where it was saved, for the progress line
 */
public record Checkpointing(Optional<Checkpoint> start, Sink sink) {
    /** A fresh run that keeps no checkpoints (tests, benchmarks). */
    public static final Checkpointing NONE = new Checkpointing(Optional.empty(), checkpoint -> null);

    /** Saves a checkpoint. */
    @FunctionalInterface
    public interface Sink {
        Object save(Checkpoint checkpoint) throws IOException;
    }
}
