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
 */
public record ModelState(float[] parameters, float[] updaterState, int iteration, int epoch)
        implements Serializable {

    public ModelState {
        if (parameters == null || updaterState == null || iteration < 0 || epoch < 0) {
            throw new IllegalArgumentException("invalid model state: parameters=" + (parameters == null ? null
                    : parameters.length) + ", iteration=" + iteration + ", epoch=" + epoch);
        }
    }

    /** The same arrays at another step and epoch. */
    public ModelState at(int newIteration, int newEpoch) {
        return new ModelState(parameters, updaterState, newIteration, newEpoch);
    }
}
