package io.paramavg.driver.service;

import java.util.List;

/**
 * What a retraining run decided.
 *
 * @param decision         what happened
 * @param version          the version trained (or, for {@link Decision#NOTHING_TO_DO}, the current one)
 * @param previous         the version current before the run, or null
 * @param newAccuracy      the new version's score on the deciding set, or null when nothing was trained
 * @param currentAccuracy  the previous version's score on the same set, or null
 * @param decidedOn        the held-out set the two scores come from: "validation" when the run has
 *                         validation data (the test set then only reports), else "test"
 * @param minImprovement   the margin the new version had to beat
 * @param deleted          versions deleted by retention
 */
public record RetrainOutcome(Decision decision, int version, Integer previous, Double newAccuracy,
                             Double currentAccuracy, String decidedOn, double minImprovement, List<Integer> deleted) {

    /** The three ways a run ends. */
    public enum Decision {
        /** The current version was trained on the same data and configuration: nothing trained. */
        NOTHING_TO_DO,
        /** The new version is current now. */
        PROMOTED,
        /** The new version was written but is not better by the margin: the current one stays. */
        KEPT
    }
}
