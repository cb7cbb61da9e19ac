package io.paramavg.driver.engine;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.worker.model.ModelState;

/**
 * Stops a run whose loss or parameters stopped being finite. The tasks notice it first (rank 0 checks
 * every averaged state and all ranks stop together at that round); the driver names the round.
 */
final class Divergence {
    private Divergence() {
    }

    /** Throws {@link DivergenceException} if {@code loss} or any parameter of {@code state} is not finite. */
    static void check(double loss, ModelState state, int epoch, int round, RunConfig config) {
        String what = null;
        if (!Double.isFinite(loss)) {
            what = "the training loss became " + loss;
        } else {
            for (float p : state.parameters()) {
                if (!Float.isFinite(p)) {
                    what = "a parameter became " + p;
                    break;
                }
            }
        }
        if (what != null) {
            throw new DivergenceException("training diverged in round " + (round + 1) + " of epoch " + (epoch + 1)
                    + ": " + what + "; try a lower model.learning-rate (now " + config.model().learningRate() + ")");
        }
    }
}
