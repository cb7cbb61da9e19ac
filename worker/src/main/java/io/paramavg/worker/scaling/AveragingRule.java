package io.paramavg.worker.scaling;

import io.paramavg.worker.model.ModelState;

import java.io.Serializable;

/**
 * Turns a round's average into the next global model, the same way on every rank. Block momentum
 * (BMUF, Chen and Huo 2016; SlowMo, Wang et al. 2020) treats the round as one step of a slower
 * optimiser: with {@code w} the global model the round started from and {@code a} the average of
 * the shards' models after it,
 * <pre>
 *   delta = momentum * previousDelta + blockLearningRate * (a - w)
 *   next  = w + delta
 * </pre>
 * Momentum 0 and block learning rate 1 is the plain average, and is computed as exactly that (the
 * average itself, no arithmetic), so one shard stays exactly single-process training.
 *
 * <p>With {@code lookAhead} (BMUF's Nesterov block momentum) the shards start each round not from
 * {@code w} but from {@code s = w + momentum * previousDelta}, where the momentum is about to carry
 * the model anyway, and the round's update is measured from there:
 * {@code delta = momentum * previousDelta + blockLearningRate * (a - s)}. The global model {@code w}
 * stays what is evaluated, saved and checkpointed; {@code s} is recomputed from it and the delta.
 *
 * <p>The updater state (Adam's moments) is not extrapolated: it is the shards' mean, or with
 * {@link ScalingConfig.Moments#RESET_FIRST} the mean with the first moments zeroed (see
 * {@link FirstMoments}).
 *
 * @param momentum          block momentum, in [0, 1)
 * @param blockLearningRate block learning rate, &gt; 0
 * @param moments           how the shards' updater state carries into the next round
 * @param lookAhead         whether the shards start from the momentum's look-ahead (Nesterov)
 */
public record AveragingRule(double momentum, double blockLearningRate, ScalingConfig.Moments moments,
                            boolean lookAhead) implements Serializable {

    /** The plain average: the next global model is the mean of the shards' models. */
    public static final AveragingRule PLAIN = new AveragingRule(0.0, 1.0, ScalingConfig.Moments.MEAN);

    /** Classic block momentum (no look-ahead). */
    public AveragingRule(double momentum, double blockLearningRate, ScalingConfig.Moments moments) {
        this(momentum, blockLearningRate, moments, false);
    }

    public AveragingRule {
        if (!(momentum >= 0 && momentum < 1) || !(blockLearningRate > 0) || Double.isInfinite(blockLearningRate)
                || moments == null) {
            throw new IllegalArgumentException("invalid averaging rule: momentum=" + momentum
                    + ", block learning rate=" + blockLearningRate + ", moments=" + moments);
        }
    }

    /** Whether the parameters are the plain mean (no block momentum). */
    public boolean isPlainMean() {
        return momentum == 0.0 && blockLearningRate == 1.0;
    }

    /** Whether the rule changes the averaged updater state, and so needs {@link FirstMoments}. */
    public boolean resetsFirstMoments() {
        return moments == ScalingConfig.Moments.RESET_FIRST;
    }

    /**
     * The state a round's shards fit from, given the {@code global} state it starts at: the global state
     * itself, or with {@link #lookAhead} its parameters moved on by the momentum times the last delta.
     */
    public ModelState startOf(ModelState global) {
        if (!lookAhead || !global.hasBlockDelta() || isPlainMean()) {
            return global;
        }
        float[] w = global.parameters();
        float[] previous = global.blockDelta();
        float[] start = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            start[i] = lookAhead(w[i], previous[i]);
        }
        return new ModelState(start, global.updaterState(), global.iteration(), global.epoch());
    }

    /** A parameter's look-ahead: one expression, so the shards' start and the step agree to the bit. */
    private float lookAhead(float parameter, float previousDelta) {
        return (float) (parameter + momentum * previousDelta);
    }

    /**
     * What the exchange carries of a shard's {@code updaterState}: all of it, or, where the rule restarts
     * the first moments each round, the rest ({@link FirstMoments#without}, into {@code into}, sized
     * {@link #exchangedLength}): averaged, the first moments would arrive only to be zeroed.
     */
    public float[] exchanged(float[] updaterState, int[] firstMoments, float[] into) {
        return resetsFirstMoments() ? FirstMoments.without(updaterState, firstMoments, into) : updaterState;
    }

    /** The length of what {@link #exchanged} gives for an updater state of {@code length} values. */
    public int exchangedLength(int length, int[] firstMoments) {
        return resetsFirstMoments() ? length - FirstMoments.covered(firstMoments) : length;
    }

    /**
     * The next global state from the round's {@code global} start and its {@code averaged} end, whose
     * updater state is the average of what {@link #exchanged} gave; where the rule restarts the first
     * moments ({@code firstMoments}: ranges, see {@link FirstMoments}) they come back as zeros. Neither
     * argument is changed; the counters are the average's.
     */
    public ModelState next(ModelState global, ModelState averaged, int[] firstMoments) {
        float[] updater = averaged.updaterState();
        if (resetsFirstMoments()) {
            updater = FirstMoments.restored(updater, firstMoments, global.updaterState().length);
        }
        if (isPlainMean()) {
            return new ModelState(averaged.parameters(), updater, averaged.iteration(), averaged.epoch());
        }
        float[] w = global.parameters();
        float[] a = averaged.parameters();
        if (w.length != a.length) {
            throw new IllegalArgumentException("cannot take a block-momentum step from " + w.length
                    + " parameters to an average of " + a.length);
        }
        float[] previous = global.hasBlockDelta() ? global.blockDelta() : null;
        float[] next = new float[w.length];
        float[] delta = new float[w.length];
        boolean fromLookAhead = lookAhead && previous != null;
        for (int i = 0; i < w.length; i++) {
            float start = fromLookAhead ? lookAhead(w[i], previous[i]) : w[i];
            double d = blockLearningRate * ((double) a[i] - start);
            if (previous != null) {
                d += momentum * previous[i];
            }
            delta[i] = (float) d;
            next[i] = (float) (w[i] + d);
        }
        return new ModelState(next, updater, averaged.iteration(), averaged.epoch(), delta);
    }

    /** For logs: "plain average" or "block momentum 0.75, block learning rate 1.0". */
    public String describe() {
        String parameters = isPlainMean() ? "plain average"
                : String.format(java.util.Locale.ROOT, "block momentum %.4g%s, block learning rate %.4g", momentum,
                lookAhead ? " (Nesterov look-ahead)" : "", blockLearningRate);
        return parameters + (resetsFirstMoments() ? ", first moments reset each round" : "");
    }
}
