package io.paramavg.driver.data.table;

import io.paramavg.worker.data.DataFormatException;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * A row of a typed table (Parquet, or a DataFrame): the features from one column holding an ML
 * {@code Vector} (dense or sparse) or an array of float or double, or from several numeric columns;
 * the label from a numeric or text column.
 */
final class ColumnsDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    /** How the features are held. */
    enum Kind { VECTOR, ARRAY, NUMERIC_COLUMNS }

    private final Kind kind;
    private final int[] featureIndices;
    private final String[] featureNames;
    private final int labelIndex;
    private final String labelName;
    private final boolean textLabel;

    ColumnsDecoder(Kind kind, int[] featureIndices, String[] featureNames, int labelIndex, String labelName,
                   boolean textLabel) {
        this.kind = kind;
        this.featureIndices = featureIndices;
        this.featureNames = featureNames;
        this.labelIndex = labelIndex;
        this.labelName = labelName;
        this.textLabel = textLabel;
    }

    @Override
    public Example decode(Row row, Location at) {
        String labelColumn = "'" + labelName + "'";
        if (labelIndex < 0) {
            return decode(row, at, Double.NaN, null);
        }
        if (row.isNullAt(labelIndex)) {
            throw new DataFormatException(at.file(), at.field(labelColumn), "a label", "null");
        }
        Object rawLabel = row.get(labelIndex);
        double numeric = textLabel ? Double.NaN : ((Number) rawLabel).doubleValue();
        if (!textLabel && !Double.isFinite(numeric)) {
            throw new DataFormatException(at.file(), at.field(labelColumn), "a finite label", String.valueOf(numeric));
        }
        return decode(row, at, numeric, textLabel ? rawLabel.toString() : Labels.format(numeric));
    }

    private Example decode(Row row, Location at, double numeric, String text) {
        return switch (kind) {
            case VECTOR -> vector(row, at, numeric, text);
            case ARRAY -> array(row, at, numeric, text);
            case NUMERIC_COLUMNS -> columns(row, at, numeric, text);
        };
    }

    private Example vector(Row row, Location at, double numeric, String text) {
        String column = "'" + featureNames[0] + "'";
        if (row.isNullAt(featureIndices[0])) {
            throw new DataFormatException(at.file(), at.field(column), "a feature vector", "null");
        }
        Vector vector = (Vector) row.get(featureIndices[0]);
        if (vector instanceof SparseVector sparse) {
            float[] values = new float[sparse.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = finite(sparse.values()[i], at, column, sparse.indices()[i]);
            }
            return new Example(null, sparse.indices().clone(), values, sparse.size(), numeric, text);
        }
        double[] values = ((DenseVector) vector).values();
        float[] dense = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            dense[i] = finite(values[i], at, column, i);
        }
        return new Example(dense, null, null, -1, numeric, text);
    }

    private Example array(Row row, Location at, double numeric, String text) {
        String column = "'" + featureNames[0] + "'";
        if (row.isNullAt(featureIndices[0])) {
            throw new DataFormatException(at.file(), at.field(column), "a feature array", "null");
        }
        List<Object> values = row.getList(featureIndices[0]);
        float[] dense = new float[values.size()];
        for (int i = 0; i < dense.length; i++) {
            Object value = values.get(i);
            if (value == null) {
                throw new DataFormatException(at.file(), at.field(column + " element " + i), "a number", "null");
            }
            dense[i] = finite(((Number) value).doubleValue(), at, column, i);
        }
        return new Example(dense, null, null, -1, numeric, text);
    }

    private Example columns(Row row, Location at, double numeric, String text) {
        float[] dense = new float[featureIndices.length];
        for (int i = 0; i < dense.length; i++) {
            String column = "'" + featureNames[i] + "'";
            if (row.isNullAt(featureIndices[i])) {
                throw new DataFormatException(at.file(), at.field(column), "a number", "null");
            }
            double value = ((Number) row.get(featureIndices[i])).doubleValue();
            if (!Double.isFinite(value) || !Float.isFinite((float) value)) {
                throw new DataFormatException(at.file(), at.field(column), "a finite number", String.valueOf(value));
            }
            dense[i] = (float) value;
        }
        return new Example(dense, null, null, -1, numeric, text);
    }

    private static float finite(double value, Location at, String column, int element) {
        if (!Double.isFinite(value) || !Float.isFinite((float) value)) {
            throw new DataFormatException(at.file(), at.field(column + " element " + element), "a finite number",
                    String.valueOf(value));
        }
        return (float) value;
    }

    @Override
    public boolean hasLabel() {
        return labelIndex >= 0;
    }

    @Override
    public int[] usedColumns() {
        int[] used = java.util.Arrays.copyOf(featureIndices, featureIndices.length + 1);
        used[featureIndices.length] = labelIndex;
        return used;
    }

    @Override
    public String unit() {
        return "row";
    }
}
