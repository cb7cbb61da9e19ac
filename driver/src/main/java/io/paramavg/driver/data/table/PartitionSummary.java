package io.paramavg.driver.data.table;

import java.io.Serializable;
import java.util.TreeMap;

/**
 * What one partition of a source holds, gathered by the validation pass: record counts on each
 * side of the hold-outs, the feature count and the first row's location, label counts with the
 * first row of each label, the first text label, feature statistics of the training rows and a
 * digest of everything read. One per partition travels to the driver; rows never do.
 */
final class PartitionSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The most distinct labels a source may have before it is refused: more classes than a block holds. */
    static final int LABEL_LIMIT = io.paramavg.worker.data.LabeledRecords.MAX_CLASSES;

    final int partition;
    /** Records per {@link Split.Side}, by its ordinal ({@code ALL} counts every record). */
    final long[] rows = new long[Split.Side.values().length];
    int features = -1;
    Location firstRow;
    /** Text label -> {count in training rows, count in all rows}. */
    final TreeMap<String, long[]> labels = new TreeMap<>();
    /** Text label -> its first row. */
    final TreeMap<String, Location> labelRows = new TreeMap<>();
    Location firstTextLabel;
    String firstTextLabelValue;
    Location firstNumericLabel;
    final FeatureStats stats = new FeatureStats();
    byte[] digest;
    /** Whether every feature value read is an integer in 0..255 (the rows can be kept as bytes). */
    boolean bytes = true;

    PartitionSummary(int partition) {
        this.partition = partition;
    }
}
