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
 * <p>The updater state (Adam's moments) is not extrapolated: it is the shards' mean, or with
 * {@link ScalingConfig.Moments#RESET_FIRST} the mean with the first moments zeroed (see
 * {@link FirstMoments}).
 *
 * @param momentum          block momentum, in [0, 1)
 * @param blockLearningRate block learning rate, &gt; 0
 * @param moments           how the shards' updater state carries into the next round
 */
public record AveragingRule(double momentum, double blockLearningRate, ScalingConfig.Moments moments)
        implements Serializable {

    /** The plain average: the next global model is the mean of the shards' models. */
    public static final AveragingRule PLAIN = new AveragingRule(0.0, 1.0, ScalingConfig.Moments.MEAN);

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
     * The next global state from the round's {@code global} start and its {@code averaged} end;
     * {@code firstMoments} (ranges, see {@link FirstMoments}) is read only when the rule resets them.
     * Neither argument is changed; the counters are the average's.
     */
    public ModelState next(ModelState global, ModelState averaged, int[] firstMoments) {
        float[] updater = averaged.updaterState();
        if (resetsFirstMoments()) {
            updater = FirstMoments.zeroed(updater, firstMoments);
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
        for (int i = 0; i < w.length; i++) {
            double d = blockLearningRate * ((double) a[i] - w[i]);
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
                : String.format(java.util.Locale.ROOT, "block momentum %.4g, block learning rate %.4g", momentum,
                blockLearningRate);
        return parameters + (resetsFirstMoments() ? ", first moments reset each round" : "");
    }
}
