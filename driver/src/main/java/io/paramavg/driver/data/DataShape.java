package io.paramavg.driver.data;

import io.paramavg.worker.data.LabeledRecords;

/**
 * The shape of a training or test set, known on the driver without holding its records: how many,
 * how many features (rows x columns for images; 1 x features for tables), how many classes.
 *
 * @param count   records
 * @param rows    image rows (1 for a table)
 * @param columns image columns (the feature count for a table)
 * @param classes classes
 */
public record DataShape(int count, int rows, int columns, int classes) {

    public static DataShape of(LabeledRecords block) {
        return new DataShape(block.count(), block.rows(), block.columns(), block.classes());
    }

    /** Inputs per record: rows x columns. */
    public int features() {
        return rows * columns;
    }
}
