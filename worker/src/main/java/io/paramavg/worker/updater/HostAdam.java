package io.paramavg.worker.updater;

import io.paramavg.worker.nd4j.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * DL4J's Adam step ({@link AdamUpdater}: libnd4j's {@code adam_updater} op) computed in Java, a
 * cache-sized chunk at a time, on the gradient and the moments where DL4J keeps them (the updater's
 * state view: first moments, then second moments). The state is read and written back every step, so
 * whatever reads or writes DL4J's view (a checkpoint, a resumed state, {@code ModelSerializer}) sees
 * exactly what the stock updater would hold; nothing is cached between steps.
 *
 * <p>Same arithmetic as the native op, in the same order and precision ({@code m = b1 m + (1 - b1) g},
 * {@code v = b2 v + (1 - b2) g²}, {@code update = m α / (√v + ε)}, {@code α = lr √(1 - b2^t) / (1 - b1^t)}),
 * with one difference: each new moment has {@link #FLUSH} (2^-100) added and taken away again, which
 * rounds a moment below 2^-124 to zero and one below 2^-100 to a multiple of 2^-123, so no stored moment
 * is ever denormal (below 2^-126) and neither is its product with b1 or b2 in the next step. A weight
 * whose gradient is always zero (one fed by a pixel that is always 0) has a first moment that shrinks by
 * b1 a step and would turn denormal within an epoch; on Intel CPUs, which the JVM runs without
 * flush-to-zero, every operation on a denormal costs a microcode assist (the issue measured the native op
 * at 3.4 ms a call on normal values, 62 ms on denormal ones). The cut-off is far below anything that
 * moves a weight: a second moment of 2^-100 has a square root of 2^-50, so even an epsilon of 1e-30
 * divides by what the native op would (an earlier cut-off at 2^-60 rounded second moments of up to 2^-84
 * to zero, and with a small epsilon that turned a tiny step into a huge one).
 *
 * <p>Arrays it cannot read as contiguous host floats (another data type, a strided view, a GPU buffer)
 * go to the native op unchanged.
 */
public final class HostAdam implements GradientUpdater<Adam> {
    /**
     * Added and taken away again: rounds anything smaller than 2^-124 (half its last place) to zero and
     * anything smaller than it to a multiple of 2^-123, the smallest normal floats' neighbourhood.
     */
    static final float FLUSH = 0x1p-100f;

    private final Adam config;
    private final AdamUpdater fallback;
    /**
     * Values stepped at a time: the step copies a chunk of the gradient and of each moment into arrays
     * that stay in the core's L1 cache, steps them and copies them back, so each value crosses the memory
     * bus as often as in the native op (whole-array copies were three times the step's own time).
     */
    private static final int CHUNK = 2048;

    private final float[] gradient = new float[CHUNK];
    private final float[] first = new float[CHUNK];
    private final float[] second = new float[CHUNK];

    /** Replaces {@code stock}, taking over its configuration and its views of the state. */
    public HostAdam(AdamUpdater stock) {
        this.config = stock.getConfig();
        this.fallback = stock;
    }

    @Override
    public Adam getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        fallback.setState(state, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return fallback.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        fallback.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
    }

    @Override
    public void applyUpdater(INDArray update, int iteration, int epoch) {
        INDArray m = fallback.getM();
        INDArray v = fallback.getV();
        if (m == null || v == null) {
            throw new IllegalStateException("Adam updater has not been initialized with its state view");
        }
        if (!HostArrays.isContiguousHostFloats(update) || !HostArrays.isContiguousHostFloats(m)
                || !HostArrays.isContiguousHostFloats(v) || update.length() != m.length()) {
            fallback.applyUpdater(update, iteration, epoch);
            return;
        }
        FloatBuffer g = HostArrays.values(update);
        FloatBuffer firstMoments = HostArrays.values(m);
        FloatBuffer secondMoments = HostArrays.values(v);
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float alpha = alpha((float) config.getLearningRate(iteration, epoch), beta1, beta2, epsilon, iteration);
        int n = (int) update.length();
        for (int from = 0; from < n; from += CHUNK) {
            int length = Math.min(CHUNK, n - from);
            g.get(from, gradient, 0, length);
            firstMoments.get(from, first, 0, length);
            secondMoments.get(from, second, 0, length);
            step(gradient, first, second, length, alpha, beta1, beta2, epsilon);
            firstMoments.put(from, first, 0, length);
            secondMoments.put(from, second, 0, length);
            g.put(from, gradient, 0, length);
        }
    }

    /**
     * The step size of Adam's step at {@code iteration} (counting from 0), with its bias correction, as
     * libnd4j computes it: powers in float, the rest in double, stored as float.
     */
    static float alpha(float learningRate, float beta1, float beta2, float epsilon, int iteration) {
        // StrictMath: Math.pow may give another last bit once the JIT swaps in its intrinsic, and a run
        // resumed in a fresh JVM must step exactly as the uninterrupted one did.
        float beta1T = (float) StrictMath.pow(beta1, iteration + 1f);
        float beta2T = (float) StrictMath.pow(beta2, iteration + 1f);
        float alpha = (float) (learningRate * (float) Math.sqrt(1.0 - beta2T) / (1.0 - beta1T));
        return Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0 ? epsilon : alpha;
    }

    /**
     * One Adam step over the first {@code length} values of plain arrays: {@code g} holds the gradient on
     * entry and the update on return; {@code m} and {@code v} are the moments, updated in place.
     */
    static void step(float[] g, float[] m, float[] v, int length, float alpha, float beta1, float beta2,
                     float epsilon) {
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        for (int i = 0; i < length; i++) {
            float gi = g[i];
            float mi = (beta1 * m[i] + gi * keep1 + FLUSH) - FLUSH;
            float vi = (beta2 * v[i] + gi * gi * keep2 + FLUSH) - FLUSH;
            m[i] = mi;
            v[i] = vi;
            g[i] = mi * alpha / ((float) Math.sqrt(vi) + epsilon);
        }
    }
}
