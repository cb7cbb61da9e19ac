package io.paramavg.driver.data.table;

/**
 * One decoded row: its features (dense, or sparse with 0-based indices) and its label, both as
 * found, before classes are assigned and features scaled.
 *
 * @param dense        the features, or null when sparse
 * @param indices      0-based indices of the sparse features present, ascending, or null when dense
 * @param values       the sparse features' values, or null when dense
 * @param size         the declared feature count of a sparse row (a sparse ML vector), or -1 (LIBSVM)
 * @param numericLabel the label as a number, or NaN when it is not one
 * @param textLabel    the label as text (as written in the source)
 */
record Example(float[] dense, int[] indices, float[] values, int size, double numericLabel, String textLabel) {

    /** The feature count this row declares: its length, its sparse size, or its largest index + 1 (LIBSVM). */
    int featureCount() {
        if (dense != null) {
            return dense.length;
        }
        if (size >= 0) {
            return size;
        }
        return indices.length == 0 ? 0 : indices[indices.length - 1] + 1;
    }

    /** The features as {@code features} floats (sparse rows padded with zeros). */
    float[] toDense(int features) {
        if (dense != null) {
            return dense;
        }
        float[] out = new float[features];
        for (int i = 0; i < indices.length; i++) {
            out[indices[i]] = values[i];
        }
        return out;
    }

    boolean hasNumericLabel() {
        return !Double.isNaN(numericLabel);
    }
}
