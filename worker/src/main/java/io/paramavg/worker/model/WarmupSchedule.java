package io.paramavg.worker.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A DL4J learning-rate schedule: {@code initial * decay^epoch}, times a factor that ramps linearly
 * from 1 at step 0 to {@code multiplier} at step {@code warmupSteps} and stays there. The step is
 * DL4J's iteration counter, which paramavg carries in the training state, so a resumed run sees
 * the same rates. Declared with Jackson's annotations as DL4J's own schedules are, so a network
 * configuration holding it still round-trips through JSON.
 */
public final class WarmupSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final double initial;
    private final double multiplier;
    private final long warmupSteps;
    private final double decay;

    public WarmupSchedule(@JsonProperty("initial") double initial, @JsonProperty("multiplier") double multiplier,
                          @JsonProperty("warmupSteps") long warmupSteps, @JsonProperty("decay") double decay) {
        this.initial = initial;
        this.multiplier = multiplier;
        this.warmupSteps = warmupSteps;
        this.decay = decay;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double factor = iteration >= warmupSteps ? multiplier
                : 1.0 + (multiplier - 1.0) * iteration / warmupSteps;
        return initial * Math.pow(decay, epoch) * factor;
    }

    @Override
    public ISchedule clone() {
        return new WarmupSchedule(initial, multiplier, warmupSteps, decay);
    }

    @JsonProperty("initial")
    public double initial() {
        return initial;
    }

    @JsonProperty("multiplier")
    public double multiplier() {
        return multiplier;
    }

    @JsonProperty("warmupSteps")
    public long warmupSteps() {
        return warmupSteps;
    }

    @JsonProperty("decay")
    public double decay() {
        return decay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupSchedule w && initial == w.initial && multiplier == w.multiplier
                && warmupSteps == w.warmupSteps && decay == w.decay;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initial, multiplier, warmupSteps, decay);
    }

    @Override
    public String toString() {
        return "WarmupSchedule(initial=" + initial + ", x" + multiplier + " after " + warmupSteps + " steps, decay "
                + decay + ")";
    }
}
