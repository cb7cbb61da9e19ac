package io.paramavg.driver.data.table;

import io.paramavg.worker.data.DataFormatException;
import org.apache.spark.sql.Row;

/**
 * A CSV row read by Spark's CSV source with every column as text and a corrupt-record column, so
 * that a ragged row (a field more or less than the first line) and a non-numeric cell are reported
 * as such, with the line they are on, rather than silently read as null.
 */
final class CsvDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int labelIndex;
    private final int corruptIndex;
    private final boolean header;

    /**
     * @param names        the column names (the header's, or _c0, _c1...)
     * @param labelIndex   the label column
     * @param corruptIndex the position of Spark's corrupt-record column in the row
     * @param header       whether each file starts with a header line
     */
    CsvDecoder(String[] names, int labelIndex, int corruptIndex, boolean header) {
        this.names = names;
        this.labelIndex = labelIndex;
        this.corruptIndex = corruptIndex;
        this.header = header;
    }

    @Override
    public Example decode(Row row, Location at) {
        if (!row.isNullAt(corruptIndex)) {
            String line = row.getString(corruptIndex);
            int fields = line.split(",", -1).length;
            throw new DataFormatException(at.file(), at.field(null), names.length + " comma-separated fields like the "
                    + "first line", fields + " fields: '" + abbreviate(line) + "'");
        }
        float[] features = new float[labelIndex < 0 ? names.length : names.length - 1];
        int f = 0;
        for (int c = 0; c < names.length; c++) {
            if (c == labelIndex) {
                continue;
            }
            features[f++] = number(row.isNullAt(c) ? null : row.getString(c), at, c);
        }
        if (labelIndex < 0) {
            return new Example(features, null, null, -1, Double.NaN, null);
        }
        String label = row.isNullAt(labelIndex) ? null : row.getString(labelIndex).trim();
        if (label == null || label.isEmpty()) {
            throw new DataFormatException(at.file(), at.field(column(labelIndex)), "a label", "an empty cell");
        }
        return new Example(features, null, null, -1, parseOrNaN(label), label);
    }

    private float number(String cell, Location at, int c) {
        if (cell == null || cell.isBlank()) {
            throw new DataFormatException(at.file(), at.field(column(c)), "a number", "an empty cell");
        }
        double value;
        try {
            value = Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new DataFormatException(at.file(), at.field(column(c)), "a number", "'" + abbreviate(cell) + "'");
        }
        if (!Double.isFinite(value) || !Float.isFinite((float) value)) {
            throw new DataFormatException(at.file(), at.field(column(c)), "a finite number", cell.trim());
        }
        return (float) value;
    }

    private String column(int c) {
        return header ? "'" + names[c] + "'" : String.valueOf(c);
    }

    static double parseOrNaN(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    @Override
    public boolean hasLabel() {
        return labelIndex >= 0;
    }

    @Override
    public String unit() {
        return "line";
    }

    @Override
    public int headerLines() {
        return header ? 1 : 0;
    }
}
