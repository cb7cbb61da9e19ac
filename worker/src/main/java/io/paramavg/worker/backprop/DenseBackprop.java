package io.paramavg.worker.backprop;

import io.paramavg.worker.nd4j.HostArrays;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * One minibatch's forward and backward pass through dense layers and a softmax cross-entropy output
 * layer: the gradient DL4J's {@code MultiLayerNetwork.computeGradientAndScore} writes into the network's
 * flattened gradient (per layer: {@code W} as DL4J lays it out, column-major {@code inputs x units}, then
 * {@code b}), before DL4J's updater divides it by the minibatch size; and the minibatch's summed loss.
 *
 * <p>Matrix products go to OpenBLAS directly (the library ND4J's CPU backend uses, so the kernel
 * {@code OPENBLAS_CORETYPE} chose), on the network's own buffers and native scratch; everything else
 * (bias, activation, softmax, loss, the derivatives) runs as Java loops over heap arrays, which the JIT
 * compiles once and vectorises. A minibatch allocates nothing. Unlike DL4J it does not compute the
 * gradient with respect to the input, which nothing uses. Arithmetic differs from ND4J's only in the
 * order of float operations and in {@code exp}/{@code tanh}'s last bits.
 *
 * <p>One instance per network and thread: the scratch arrays are its state between the passes.
 */
final class DenseBackprop {
    /** Matches DL4J's {@code LossMCXENT} default: probabilities are clipped to [eps, 1 - eps] for the loss. */
    private static final float DEFAULT_CLIP = 1e-10f;

    private final int layers;
    /** width[0] inputs; width[l] units of layer l, for l in 1..layers (the last: the classes). */
    private final int[] width;
    /** Hidden layer l's activation at [l], l in 1..layers-1. */
    private final DenseActivation[] activation;
    private final int[] weightAt;
    private final int[] biasAt;
    private final float clip;
    private final int widest;

    private int rows;
    private float[][] z;
    private float[][] a;
    private float[][] bias;
    private float[] delta;
    private float[] labels;
    private float[] columnSums;
    private FloatBuffer[] hiddenOut;
    private FloatBuffer product;
    private FloatBuffer deltaOut;

    private double lossSum;
    private long correct;

    private DenseBackprop(int[] width, DenseActivation[] activation, float clip) {
        this.layers = width.length - 1;
        this.width = width;
        this.activation = activation;
        this.clip = clip;
        this.weightAt = new int[layers + 1];
        this.biasAt = new int[layers + 1];
        int at = 0;
        int max = 0;
        for (int l = 1; l <= layers; l++) {
            weightAt[l] = at;
            at += width[l - 1] * width[l];
            biasAt[l] = at;
            at += width[l];
            max = Math.max(max, Math.max(width[l - 1], width[l]));
        }
        this.widest = max;
    }

    /**
     * The pass for {@code conf}'s network, or null when it needs DL4J's own: anything but dense layers
     * with bias and a supported activation followed by a softmax cross-entropy output layer, in float,
     * without dropout, weight noise, constraints, input preprocessors or truncated backpropagation.
     */
    static DenseBackprop of(MultiLayerConfiguration conf) {
        List<NeuralNetConfiguration> confs = conf.getConfs();
        if (confs.size() < 2 || conf.getBackpropType() != BackpropType.Standard || !conf.getInputPreProcessors().isEmpty()
                || conf.getDataType() != DataType.FLOAT) {
            return null;
        }
        int[] width = new int[confs.size() + 1];
        DenseActivation[] activations = new DenseActivation[confs.size()];
        for (int i = 0; i < confs.size(); i++) {
            NeuralNetConfiguration layerConf = confs.get(i);
            if (!layerConf.isMiniBatch()) {
                return null;
            }
            boolean last = i == confs.size() - 1;
            Object layer = layerConf.getLayer();
            if (last ? layer.getClass() != OutputLayer.class : layer.getClass() != DenseLayer.class) {
                return null;
            }
            FeedForwardLayer dense = (FeedForwardLayer) layer;
            if (dense.getIDropout() != null || dense.getWeightNoise() != null
                    || dense.getConstraints() != null && !dense.getConstraints().isEmpty()
                    || dense.getNIn() > Integer.MAX_VALUE || dense.getNOut() > Integer.MAX_VALUE) {
                return null;
            }
            if (last) {
                OutputLayer output = (OutputLayer) layer;
                if (!output.hasBias() || !(output.getActivationFn() instanceof ActivationSoftmax)
                        || output.getLossFn() == null || output.getLossFn().getClass() != LossMCXENT.class
                        || ((LossMCXENT) output.getLossFn()).getWeights() != null) {
                    return null;
                }
            } else {
                DenseLayer hidden = (DenseLayer) layer;
                activations[i + 1] = DenseActivation.of(hidden.getActivationFn());
                if (!hidden.hasBias() || hidden.hasLayerNorm() || activations[i + 1] == null) {
                    return null;
                }
            }
            if (i > 0 && dense.getNIn() != width[i]) {
                return null;
            }
            width[i] = (int) dense.getNIn();
            width[i + 1] = (int) dense.getNOut();
        }
        float clip = (float) ((LossMCXENT) ((OutputLayer) confs.get(confs.size() - 1).getLayer()).getLossFn())
                .getSoftmaxClipEps();
        return new DenseBackprop(width, activations, clip);
    }

    /** How many parameters the network the pass was made for holds. */
    long parameters() {
        return biasAt[layers] + width[layers];
    }

    /**
     * Whether the pass can take this minibatch: float features and one-hot labels of the network's
     * widths, contiguous in host memory, and parameters and gradient of its size.
     */
    boolean accepts(INDArray features, INDArray labels, INDArray params, INDArray gradient) {
        return features != null && labels != null && params != null && gradient != null
                && features.rank() == 2 && labels.rank() == 2 && features.rows() == labels.rows()
                && features.columns() == width[0] && labels.columns() == width[layers]
                && HostArrays.isContiguousHostFloats(features) && HostArrays.isContiguousHostFloats(labels)
                && HostArrays.isContiguousHostFloats(params) && HostArrays.isContiguousHostFloats(gradient)
                && params.length() == parameters() && gradient.length() == parameters();
    }

    /**
     * Fits nothing: computes the gradient of the minibatch's summed loss at {@code params} into
     * {@code gradient}, and the summed loss and the records classified correctly (arg-max of the
     * logits against that of the labels, the first on a tie), read by {@link #lossSum}/{@link #correct}.
     */
    void pass(INDArray features, INDArray labelArray, INDArray params, INDArray gradient) {
        int n = features.rows();
        ensureRows(n);
        FloatBuffer x = HostArrays.values(features);
        FloatBuffer p = HostArrays.values(params);
        FloatBuffer g = HostArrays.values(gradient);
        HostArrays.values(labelArray).get(0, labels, 0, n * width[layers]);

        FloatBuffer in = x;
        for (int l = 1; l <= layers; l++) {
            int nIn = width[l - 1];
            int nOut = width[l];
            // z^T (nOut x n) = W^T (nOut x nIn) . in^T (nIn x n), all column-major: a row-major n x k matrix is a
            // column-major k x n one, and W is DL4J's column-major nIn x nOut.
            cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, nOut, n, nIn, 1f, slice(p, weightAt[l]), nIn,
                    in, nIn, 0f, product, nOut);
            float[] zl = z[l];
            product.get(0, zl, 0, n * nOut);
            float[] b = bias[l];
            p.get(biasAt[l], b, 0, nOut);
            addRows(zl, b, n, nOut);
            if (l < layers) {
                activation[l].forward(zl, a[l], n * nOut);
                hiddenOut[l].put(0, a[l], 0, n * nOut);
                in = hiddenOut[l];
            }
        }
        softmaxLoss(n);

        for (int l = layers; l >= 1; l--) {
            int nIn = width[l - 1];
            int nOut = width[l];
            deltaOut.put(0, delta, 0, n * nOut);
            FloatBuffer layerIn = l == 1 ? x : hiddenOut[l - 1];
            // dW (nIn x nOut) = in^T (nIn x n) . delta (n x nOut), straight into the gradient's W.
            cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans, nIn, nOut, n, 1f, layerIn, nIn, deltaOut, nOut, 0f,
                    slice(g, weightAt[l]), nIn);
            sumRows(delta, n, nOut, columnSums);
            g.put(biasAt[l], columnSums, 0, nOut);
            if (l > 1) {
                // The gradient at layer l's input, (W . delta^T)^T: n x nIn, then through the activation below.
                cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, nIn, n, nOut, 1f, slice(p, weightAt[l]), nIn,
                        deltaOut, nOut, 0f, product, nIn);
                product.get(0, delta, 0, n * nIn);
                activation[l - 1].backward(z[l - 1], a[l - 1], delta, n * nIn);
            }
        }
    }

    /** The summed (not averaged) cross-entropy of the last {@link #pass}'s minibatch. */
    double lossSum() {
        return lossSum;
    }

    /** How many of the last pass's records the logits classified as their label says. */
    long correct() {
        return correct;
    }

    /**
     * Softmax of the output layer's logits ({@code z[layers]}) into probabilities, the summed loss with
     * DL4J's clipping, the correct count, and the output layer's delta {@code probabilities - labels}
     * (LossMCXENT's gradient with a softmax activation).
     */
    private void softmaxLoss(int n) {
        int classes = width[layers];
        float[] logits = z[layers];
        double loss = 0;
        long right = 0;
        for (int r = 0; r < n; r++) {
            int row = r * classes;
            float max = logits[row];
            int predicted = 0;
            int actual = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[row + c] > max) {
                    max = logits[row + c];
                    predicted = c;
                }
                if (labels[row + c] > labels[row + actual]) {
                    actual = c;
                }
            }
            if (predicted == actual) {
                right++;
            }
            float sum = 0f;
            for (int c = 0; c < classes; c++) {
                float e = (float) Math.exp(logits[row + c] - max);
                delta[row + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                float probability = delta[row + c] / sum;
                float y = labels[row + c];
                if (y != 0f) {
                    float clipped = Math.min(Math.max(probability, clip), 1f - clip);
                    loss -= y * Math.log(clipped);
                }
                delta[row + c] = probability - y;
            }
        }
        lossSum = loss;
        correct = right;
    }

    private static void addRows(float[] values, float[] row, int rows, int columns) {
        for (int r = 0; r < rows; r++) {
            int at = r * columns;
            for (int c = 0; c < columns; c++) {
                values[at + c] += row[c];
            }
        }
    }

    private static void sumRows(float[] values, int rows, int columns, float[] sums) {
        System.arraycopy(values, 0, sums, 0, columns);
        for (int r = 1; r < rows; r++) {
            int at = r * columns;
            for (int c = 0; c < columns; c++) {
                sums[c] += values[at + c];
            }
        }
    }

    /** A buffer whose first value is {@code buffer}'s value at {@code index} (OpenBLAS takes its address). */
    private static FloatBuffer slice(FloatBuffer buffer, int index) {
        return buffer.slice(index, buffer.limit() - index);
    }

    /** Sizes the scratch for minibatches of {@code n} records; the last, shorter minibatch of an epoch re-sizes nothing. */
    private void ensureRows(int n) {
        if (n <= rows) {
            return;
        }
        rows = n;
        z = new float[layers + 1][];
        a = new float[layers + 1][];
        bias = new float[layers + 1][];
        hiddenOut = new FloatBuffer[layers + 1];
        for (int l = 1; l <= layers; l++) {
            z[l] = new float[n * width[l]];
            bias[l] = new float[width[l]];
            if (l < layers) {
                a[l] = new float[n * width[l]];
                hiddenOut[l] = direct(n * width[l]);
            }
        }
        delta = new float[n * widest];
        labels = new float[n * width[layers]];
        columnSums = new float[widest];
        product = direct(n * widest);
        deltaOut = direct(n * widest);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
