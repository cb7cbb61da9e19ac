package io.paramavg.driver.data.table;

import io.paramavg.worker.data.DataFormatException;
import org.apache.spark.sql.Row;

/**
 * One line of a LIBSVM file, read through Spark's text source: {@code label index:value ...} with
 * 1-based, ascending indices, as Spark's {@code libsvm} source reads it (blank lines and
 * {@code #} comments skipped). Parsed here rather than by the {@code libsvm} source so that an
 * error names the file and the line, which that source does not say.
 */
final class LibsvmDecoder implements RowDecoder {
    private static final long serialVersionUID = 1L;

    @Override
    public Example decode(Row row, Location at) {
        String line = row.isNullAt(0) ? "" : row.getString(0);
        int hash = line.indexOf('#');
        String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (content.isEmpty()) {
            return null;
        }
        String[] tokens = content.split("\\s+");
        String label = tokens[0];
        double numeric = CsvDecoder.parseOrNaN(label);
        int[] indices = new int[tokens.length - 1];
        float[] values = new float[tokens.length - 1];
        int previous = 0;
        for (int t = 1; t < tokens.length; t++) {
            String pair = tokens[t];
            int colon = pair.indexOf(':');
            int index;
            double value;
            try {
                if (colon <= 0 || colon == pair.length() - 1) {
                    throw new NumberFormatException();
                }
                index = Integer.parseInt(pair.substring(0, colon));
                value = Double.parseDouble(pair.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new DataFormatException(at.file(), at.part("pair " + t), "index:value with an integer index "
                        + "and a number", "'" + CsvDecoder.abbreviate(pair) + "'");
            }
            if (index < 1) {
                throw new DataFormatException(at.file(), at.part("pair " + t), "a 1-based index (>= 1)",
                        "index " + index);
            }
            if (index <= previous) {
                throw new DataFormatException(at.file(), at.part("pair " + t), "indices in ascending order (after "
                        + previous + ")", "index " + index);
            }
            if (!Double.isFinite(value) || !Float.isFinite((float) value)) {
                throw new DataFormatException(at.file(), at.part("index " + index), "a finite number",
                        pair.substring(colon + 1));
            }
            previous = index;
            indices[t - 1] = index - 1;
            values[t - 1] = (float) value;
        }
        return new Example(null, indices, values, -1, numeric, label);
    }

    @Override
    public String unit() {
        return "line";
    }
}
