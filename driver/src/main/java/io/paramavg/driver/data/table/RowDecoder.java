package io.paramavg.driver.data.table;

import org.apache.spark.sql.Row;

import java.io.Serializable;

/**
 * Turns one row of a source's DataFrame into an {@link Example}, or throws a
 * {@link io.paramavg.worker.data.DataFormatException} naming the file, the row, the column and what
 * was found. Runs on the executors.
 */
public interface RowDecoder extends Serializable {
    /** The example in {@code row}, or null for a row that holds none (a LIBSVM blank or comment line). */
    Example decode(Row row, Location at);

    /** "line" (text sources) or "row". */
    String unit();

    /** Whether rows carry a label (a source scored by a model may have none). */
    default boolean hasLabel() {
        return true;
    }

    /** The columns the features and the label are read from; the others are the rows' own (ids). */
    default int[] usedColumns() {
        return null;
    }

    /** How many lines of each file come before its first row (a CSV header). */
    default int headerLines() {
        return 0;
    }
}
