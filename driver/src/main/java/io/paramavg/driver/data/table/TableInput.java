package io.paramavg.driver.data.table;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A source read by Spark, not yet scanned: its DataFrame (with a column holding each row's file),
 * how to decode a row, and what to call it in messages.
 *
 * @param name        the path (or "the DataFrame"), for messages and the manifest
 * @param frame       the rows, the file column last
 * @param decoder     turns a row into an example
 * @param labelColumn the label column as messages name it
 * @param sparse      whether rows do not declare a feature count (LIBSVM: it is the largest index)
 */
public record TableInput(String name, Dataset<Row> frame, RowDecoder decoder, String labelColumn, boolean sparse) {

    int fileColumn() {
        return frame.schema().fieldIndex(RowWalker.FILE_COLUMN);
    }
}
