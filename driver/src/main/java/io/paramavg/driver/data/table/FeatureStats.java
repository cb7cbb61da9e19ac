package io.paramavg.driver.data.table;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-feature count, sum, sum of squares, minimum and maximum of the training rows, growing with
 * the largest index seen (LIBSVM rows are sparse and do not declare a size): a feature absent from
 * a row is a zero, accounted for when the statistics are finished.
 */
final class FeatureStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private long rows;
    private long[] present = new long[0];
    private double[] sum = new double[0];
    private double[] sumSquares = new double[0];
    private double[] min = new double[0];
    private double[] max = new double[0];

    void add(Example example) {
        rows++;
        if (example.dense() != null) {
            float[] x = example.dense();
            grow(x.length);
            for (int i = 0; i < x.length; i++) {
                add(i, x[i]);
            }
        } else {
            int[] indices = example.indices();
            grow(example.featureCount());
            for (int k = 0; k < indices.length; k++) {
                add(indices[k], example.values()[k]);
            }
        }
    }

    private void add(int i, double v) {
        present[i]++;
        sum[i] += v;
        sumSquares[i] += v * v;
        min[i] = Math.min(min[i], v);
        max[i] = Math.max(max[i], v);
    }

    private void grow(int size) {
        if (size <= sum.length) {
            return;
        }
        int old = sum.length;
        present = Arrays.copyOf(present, size);
        sum = Arrays.copyOf(sum, size);
        sumSquares = Arrays.copyOf(sumSquares, size);
        min = Arrays.copyOf(min, size);
        max = Arrays.copyOf(max, size);
        Arrays.fill(min, old, size, Double.POSITIVE_INFINITY);
        Arrays.fill(max, old, size, Double.NEGATIVE_INFINITY);
    }

    FeatureStats merge(FeatureStats other) {
        grow(other.sum.length);
        rows += other.rows;
        for (int i = 0; i < other.sum.length; i++) {
            present[i] += other.present[i];
            sum[i] += other.sum[i];
            sumSquares[i] += other.sumSquares[i];
            min[i] = Math.min(min[i], other.min[i]);
            max[i] = Math.max(max[i], other.max[i]);
        }
        return this;
    }

    /** Mean and (population) standard deviation of {@code features} features. */
    float[][] meanAndStd(int features) {
        float[] mean = new float[features];
        float[] std = new float[features];
        for (int i = 0; i < features; i++) {
            double s = i < sum.length ? sum[i] : 0;
            double q = i < sum.length ? sumSquares[i] : 0;
            double m = rows == 0 ? 0 : s / rows;
            mean[i] = (float) m;
            std[i] = (float) Math.sqrt(Math.max(0, rows == 0 ? 0 : q / rows - m * m));
        }
        return new float[][] {mean, std};
    }

    /** Minimum and maximum of {@code features} features, zeros included where a feature was absent. */
    float[][] minAndMax(int features) {
        float[] lo = new float[features];
        float[] hi = new float[features];
        for (int i = 0; i < features; i++) {
            boolean sparse = i >= sum.length || present[i] < rows;
            double a = i < sum.length ? min[i] : 0;
            double b = i < sum.length ? max[i] : 0;
            lo[i] = (float) (sparse ? Math.min(a, 0) : a);
            hi[i] = (float) (sparse ? Math.max(b, 0) : b);
        }
        return new float[][] {lo, hi};
    }
}
