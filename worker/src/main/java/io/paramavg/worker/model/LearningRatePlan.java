package io.paramavg.worker.model;

import org.nd4j.linalg.schedule.ISchedule;

import java.io.Serializable;

/**
 * The learning rate of one run relative to {@code model.learning-rate}: multiplied by
 * {@code multiplier} once warmed up, reached by a linear ramp from the configured rate over the
 * first {@code warmupSteps} minibatch steps (Goyal et al. 2017); the per-epoch decay applies on top.
 *
 * @param multiplier  how much larger than the configured rate the rate becomes (1 leaves it alone)
 * @param warmupSteps minibatch steps of the ramp; 0 starts at the multiplied rate
 */
public record LearningRatePlan(double multiplier, long warmupSteps) implements Serializable {

    /** The configured rate as it is: what one shard, and a run without scaling, trains with. */
    public static final LearningRatePlan NONE = new LearningRatePlan(1.0, 0);

    public LearningRatePlan {
        if (!(multiplier > 0) || Double.isInfinite(multiplier) || warmupSteps < 0) {
            throw new IllegalArgumentException("invalid learning-rate plan: multiplier=" + multiplier
                    + ", warm-up steps=" + warmupSteps);
        }
    }

    /**
     * Whether the plan changes nothing. A network built under such a plan gets DL4J's own schedule,
     * so one shard stays exactly single-process training.
     */
    public boolean isIdentity() {
        return multiplier == 1.0;
    }

    /** The schedule for a configured {@code rate} decayed by {@code decay} per epoch. */
    public ISchedule schedule(double rate, double decay) {
        return new WarmupSchedule(rate, multiplier, warmupSteps, decay);
    }
}
