package io.paramavg.driver.data.table;

import org.apache.spark.sql.Row;

import java.util.Iterator;

/**
 * Walks one partition's rows in order, decoding each and keeping its location: the file (from the
 * column holding {@code input_file_name()}) and the line or row within it. Files are read whole
 * into a partition (up to Spark's split size), so a file's rows arrive together.
 */
final class RowWalker {
    /** Receives each decoded example with its location and its index among the partition's rows. */
    interface Visitor {
        void visit(Example example, Location at, long rowInPartition);
    }

    /** The same, with the row it was decoded from. */
    interface RowVisitor {
        void visit(Row row, Example example, Location at, long rowInPartition);
    }

    static final String FILE_COLUMN = "__paramavg_file";

    private RowWalker() {
    }

    static void walk(Iterator<Row> rows, RowDecoder decoder, int fileColumn, String fallbackName, Visitor visitor) {
        walkRows(rows, decoder, fileColumn, fallbackName, (row, example, at, n) -> visitor.visit(example, at, n));
    }

    static void walkRows(Iterator<Row> rows, RowDecoder decoder, int fileColumn, String fallbackName,
                         RowVisitor visitor) {
        String file = null;
        long inFile = 0;
        long inPartition = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            String name = row.isNullAt(fileColumn) ? "" : row.getString(fileColumn);
            if (name.isEmpty()) {
                name = fallbackName;
            }
            if (!name.equals(file)) {
                file = name;
                inFile = 0;
            }
            inFile++;
            Location at = new Location(file, decoder.unit(), inFile + decoder.headerLines());
            Example example = decoder.decode(row, at);
            if (example != null) {
                visitor.visit(row, example, at, inPartition);
            }
            inPartition++;
        }
    }
}
