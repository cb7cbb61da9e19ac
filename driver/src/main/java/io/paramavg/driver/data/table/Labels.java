package io.paramavg.driver.data.table;

import io.paramavg.worker.data.DataFormatException;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * How a table's labels become classes 0..K-1: as they are (numeric labels that already are the
 * integers 0..K-1, as MLlib's classifiers require), or indexed in sorted order (numbers by value,
 * text by its characters). The original labels are saved with the model, so predictions can be
 * reported in them.
 */
public final class Labels implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int classes;
    private final double[] numeric;
    private final String[] text;

    private Labels(int classes, double[] numeric, String[] text) {
        this.classes = classes;
        this.numeric = numeric;
        this.text = text;
    }

    /** Labels 0..classes-1 used as they are. */
    public static Labels identity(int classes) {
        return new Labels(classes, null, null);
    }

    /** Sorted distinct numeric label values, indexed. */
    public static Labels indexed(double[] sortedValues) {
        return new Labels(sortedValues.length, sortedValues.clone(), null);
    }

    /** Sorted distinct text labels, indexed. */
    public static Labels indexedText(String[] sortedValues) {
        return new Labels(sortedValues.length, null, sortedValues.clone());
    }

    /**
     * Rebuilds the labels saved in a model's manifest: {@code kind} is "identity", "numeric" or
     * "text", {@code values} the original labels in class order.
     */
    public static Labels of(String kind, List<String> values, int classes) {
        return switch (kind) {
            case "numeric" -> indexed(values.stream().mapToDouble(Double::parseDouble).toArray());
            case "text" -> indexedText(values.toArray(new String[0]));
            default -> identity(classes);
        };
    }

    public int classes() {
        return classes;
    }

    /** Whether every class's label is its index (0.0..classes-1): the label says nothing the index does not. */
    public boolean isIndex() {
        if (text != null) {
            return false;
        }
        if (numeric != null) {
            for (int c = 0; c < classes; c++) {
                if (numeric[c] != c) {
                    return false;
                }
            }
        }
        return true;
    }

    /** "identity", "numeric" or "text": how the manifest records it. */
    public String kind() {
        return text != null ? "text" : numeric != null ? "numeric" : "identity";
    }

    /** Whether the labels are numbers (so a prediction can be reported as the original number). */
    public boolean isNumeric() {
        return text == null;
    }

    /** The original label of class {@code c}, as text. */
    public String name(int c) {
        return text != null ? text[c] : numeric != null ? format(numeric[c]) : String.valueOf(c);
    }

    /** The original label of class {@code c} as a number (numeric labels only). */
    public double value(int c) {
        return numeric != null ? numeric[c] : c;
    }

    /** Every original label, in class order. */
    public List<String> names() {
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = name(c);
        }
        return Arrays.asList(names);
    }

    /** The class of {@code example}; a label this mapping does not know is a data error naming the row. */
    int classOf(Example example, Location at, String column) {
        if (text != null) {
            int c = Arrays.binarySearch(text, example.textLabel());
            if (c < 0) {
                throw unknown(example, at, column);
            }
            return c;
        }
        if (!example.hasNumericLabel()) {
            throw new DataFormatException(at.file(), at.field(column), "a numeric label like the training set's",
                    "'" + CsvDecoder.abbreviate(example.textLabel()) + "'");
        }
        double value = example.numericLabel();
        if (numeric != null) {
            int c = Arrays.binarySearch(numeric, value);
            if (c < 0) {
                throw unknown(example, at, column);
            }
            return c;
        }
        if (value < 0 || value != Math.rint(value)) {
            throw notAClass(example, at, column);
        }
        if (value >= classes) {
            throw new DataFormatException(at.file(), at.field(column), "a class in 0.." + (classes - 1)
                    + " (the training set's)", example.textLabel());
        }
        return (int) value;
    }

    private DataFormatException unknown(Example example, Location at, String column) {
        return new DataFormatException(at.file(), at.field(column), "one of the training set's " + classes
                + " labels", "'" + CsvDecoder.abbreviate(example.textLabel()) + "', which it does not have");
    }

    static DataFormatException notAClass(Example example, Location at, String column) {
        return new DataFormatException(at.file(), at.field(column), "a class label 0..K-1 (an integer >= 0; pass "
                + "--index-labels to map other values to classes)", example.textLabel());
    }

    /** A number as a label is written: integers without a fraction. */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
    }
}
