package io.paramavg.driver.data.table;

import java.io.Serializable;

/**
 * Where a row is: its file (Spark's {@code input_file_name()}, or "the DataFrame") and its 1-based
 * line (CSV, LIBSVM) or row (Parquet, DataFrame) in that file. A file larger than Spark's split
 * size ({@code spark.sql.files.maxPartitionBytes}, 128 MB) is read in several parts; its rows are
 * then counted from the start of the part.
 *
 * @param file the file
 * @param unit "line" or "row"
 * @param n    1-based line or row
 */
record Location(String file, String unit, long n) implements Serializable {
    @Override
    public String toString() {
        return file + ": " + unit + " " + n;
    }

    /** "line 3" or "line 3, column 'x'". */
    String field(String column) {
        return unit + " " + n + (column == null ? "" : ", column " + column);
    }

    /** "line 3, pair 2": a part of the line that is not a column. */
    String part(String part) {
        return unit + " " + n + ", " + part;
    }
}
