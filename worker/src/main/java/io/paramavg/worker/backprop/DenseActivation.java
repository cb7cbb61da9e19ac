package io.paramavg.worker.backprop;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * A hidden layer's activation and its derivative, on a minibatch's values in a Java array, with the
 * formulas of ND4J's native ones, step for step in float (their defaults: leaky ReLU's slope 0.01, ELU's
 * alpha 1). {@code exp} and {@code tanh} are Java's, rounded to float, where ND4J calls the C library's
 * float functions: a value may differ in its last bit.
 */
enum DenseActivation {
    RELU {
        @Override
        void forward(float[] z, float[] a, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = z[i] > 0f ? z[i] : 0f;
            }
        }

        @Override
        void backward(float[] z, float[] a, float[] gradient, int n) {
            for (int i = 0; i < n; i++) {
                gradient[i] = z[i] > 0f ? gradient[i] : 0f;
            }
        }
    },
    LEAKYRELU {
        @Override
        void forward(float[] z, float[] a, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = z[i] < 0f ? LEAK * z[i] : z[i];
            }
        }

        @Override
        void backward(float[] z, float[] a, float[] gradient, int n) {
            for (int i = 0; i < n; i++) {
                gradient[i] = z[i] < 0f ? LEAK * gradient[i] : gradient[i];
            }
        }
    },
    TANH {
        @Override
        void forward(float[] z, float[] a, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = (float) Math.tanh(z[i]);
            }
        }

        @Override
        void backward(float[] z, float[] a, float[] gradient, int n) {
            for (int i = 0; i < n; i++) {
                gradient[i] *= 1f - a[i] * a[i];
            }
        }
    },
    SIGMOID {
        @Override
        void forward(float[] z, float[] a, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = 1f / (1f + (float) Math.exp(-z[i]));
            }
        }

        @Override
        void backward(float[] z, float[] a, float[] gradient, int n) {
            for (int i = 0; i < n; i++) {
                gradient[i] *= a[i] * (1f - a[i]);
            }
        }
    },
    ELU {
        @Override
        void forward(float[] z, float[] a, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = z[i] >= 0f ? z[i] : (float) Math.exp(z[i]) - 1f;
            }
        }

        @Override
        void backward(float[] z, float[] a, float[] gradient, int n) {
            for (int i = 0; i < n; i++) {
                gradient[i] = z[i] >= 0f ? gradient[i] : gradient[i] * (float) Math.exp(z[i]);
            }
        }
    };

    /** Leaky ReLU's slope below zero: ND4J's default, the only one {@link #of} accepts. */
    static final float LEAK = (float) ActivationLReLU.DEFAULT_ALPHA;

    /** {@code a[0, n) = f(z[0, n))}. */
    abstract void forward(float[] z, float[] a, int n);

    /**
     * {@code gradient[i] *= f'(z[i])} for {@code i < n}, given the layer's pre-activations {@code z} and
     * its activations {@code a} (whichever gives the derivative more cheaply).
     */
    abstract void backward(float[] z, float[] a, float[] gradient, int n);

    /** The activation DL4J's {@code activation} computes, or null when it is not one of these (or not at its defaults). */
    static DenseActivation of(IActivation activation) {
        if (activation == null) {
            return null;
        }
        if (activation.getClass() == ActivationReLU.class && activation.equals(new ActivationReLU())) {
            return RELU;
        }
        if (activation.getClass() == ActivationLReLU.class && activation.equals(new ActivationLReLU())) {
            return LEAKYRELU;
        }
        if (activation.getClass() == ActivationTanH.class) {
            return TANH;
        }
        if (activation.getClass() == ActivationSigmoid.class) {
            return SIGMOID;
        }
        if (activation.getClass() == ActivationELU.class && activation.equals(new ActivationELU())) {
            return ELU;
        }
        return null;
    }
}
