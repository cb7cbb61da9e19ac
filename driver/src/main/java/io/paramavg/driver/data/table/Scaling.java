package io.paramavg.driver.data.table;

import io.paramavg.driver.config.TableConfig;
import io.paramavg.worker.data.BatchTransform;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;


/**
 * Feature scaling of a table source, with statistics of the training set. It is DL4J's own
 * normalizer ({@link NormalizerStandardize} or {@link NormalizerMinMaxScaler}) that scales, on the
 * executors and after loading a model alike, and that model.zip carries (so a plain DL4J user
 * restoring the model with {@code ModelSerializer.restoreNormalizerFromInputStream} scales inputs
 * the same way); this class only ships its statistics as plain arrays.
 */
public final class Scaling implements BatchTransform {
    private static final long serialVersionUID = 1L;

    private final TableConfig.Normalize kind;
    private final float[] first;
    private final float[] second;
    private transient DataNormalization normalizer;

    private Scaling(TableConfig.Normalize kind, float[] first, float[] second) {
        this.kind = kind;
        this.first = first;
        this.second = second;
    }

    public static Scaling none() {
        return new Scaling(TableConfig.Normalize.NONE, null, null);
    }

    /** Standardize to mean 0 and standard deviation 1. */
    public static Scaling standardize(float[] mean, float[] std) {
        return new Scaling(TableConfig.Normalize.STANDARDIZE, mean, std);
    }

    /** Scale each feature's [min, max] to [0, 1]. */
    public static Scaling minMax(float[] min, float[] max) {
        return new Scaling(TableConfig.Normalize.MIN_MAX, min, max);
    }

    /** The scaling a DL4J normalizer read from a model performs (none for null). */
    public static Scaling of(DataNormalization normalizer) {
        if (normalizer instanceof NormalizerStandardize standardize) {
            return standardize(standardize.getMean().toFloatVector(), standardize.getStd().toFloatVector());
        }
        if (normalizer instanceof NormalizerMinMaxScaler minMax) {
            return minMax(minMax.getMin().toFloatVector(), minMax.getMax().toFloatVector());
        }
        if (normalizer == null) {
            return none();
        }
        throw new IllegalArgumentException("unsupported normalizer " + normalizer.getClass().getName());
    }

    public TableConfig.Normalize kind() {
        return kind;
    }

    /** DL4J's normalizer with these statistics, or null for none: what model.zip stores. */
    public synchronized DataNormalization normalizer() {
        if (normalizer == null && kind != TableConfig.Normalize.NONE) {
            INDArray a = Nd4j.create(first, new long[] {1, first.length}, 'c');
            INDArray b = Nd4j.create(second, new long[] {1, second.length}, 'c');
            if (kind == TableConfig.Normalize.STANDARDIZE) {
                normalizer = new NormalizerStandardize(a, b);
            } else {
                NormalizerMinMaxScaler minMax = new NormalizerMinMaxScaler(0, 1);
                minMax.setFeatureStats(a, b);
                normalizer = minMax;
            }
        }
        return normalizer;
    }

    /** Scales a minibatch cut from a block of bytes, in place: the same function as {@link #apply(float[], int, int)}. */
    @Override
    public void apply(INDArray features) {
        if (kind != TableConfig.Normalize.NONE) {
            normalizer().transform(features);
        }
    }

    /** Scales {@code rows} records of {@code features} values each, in place where it can. */
    public float[] apply(float[] values, int rows, int features) {
        if (kind == TableConfig.Normalize.NONE || rows == 0) {
            return values;
        }
        INDArray matrix = Nd4j.create(values, new long[] {rows, features}, 'c');
        normalizer().transform(matrix);
        return matrix.data().asFloat();
    }
}
