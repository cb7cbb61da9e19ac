package io.paramavg.worker.model;

import java.io.Serializable;

/**
 * Everything that defines where training stands, as flat arrays: what the driver broadcasts at the
 * start of each round and what a checkpoint holds. Flat {@code float[]}s serialize compactly and
 * need no ND4J on the receiving side until they are applied.
 *
 * @param parameters   all network parameters, in DL4J's flattened order
 * @param updaterState the optimiser's state (Adam's moments, momentum), empty for plain SGD
 * @param iteration    minibatch steps taken so far; schedules and Adam's bias correction read it
 * @param epoch        epochs completed so far; epoch-based learning-rate schedules read it
 * @param blockDelta   the block-momentum rule's last global update (one value per parameter), the
 *                     rule's memory from round to round; empty under the plain average and before the
 *                     rule's first round. Never averaged: every rank derives the same one from the
 *                     same averages.
 */
public record ModelState(float[] parameters, float[] updaterState, int iteration, int epoch, float[] blockDelta)
        implements Serializable {

    private static final float[] NONE = new float[0];

    public ModelState {
        if (parameters == null || updaterState == null || blockDelta == null || iteration < 0 || epoch < 0
                || blockDelta.length != 0 && blockDelta.length != parameters.length) {
            throw new IllegalArgumentException("invalid model state: parameters=" + (parameters == null ? null
                    : parameters.length) + ", block delta=" + (blockDelta == null ? null : blockDelta.length)
                    + ", iteration=" + iteration + ", epoch=" + epoch);
        }
    }

    /** A state without block-momentum memory (the plain average's, and every state a network holds). */
    public ModelState(float[] parameters, float[] updaterState, int iteration, int epoch) {
        this(parameters, updaterState, iteration, epoch, NONE);
    }

    /** The same arrays at another step and epoch. */
    public ModelState at(int newIteration, int newEpoch) {
        return new ModelState(parameters, updaterState, newIteration, newEpoch, blockDelta);
    }

    /** Whether the block-momentum rule has left a global update here. */
    public boolean hasBlockDelta() {
        return blockDelta.length != 0;
    }
}
