package io.paramavg.driver.data.table;

import io.paramavg.worker.nd4j.NativeReport;
import scala.Tuple2;

import java.util.List;

/**
 * A JVM whose first ND4J call is building a standardised table partition, as an executor's first task of
 * a CSV, LIBSVM, Parquet or DataFrame run does, with no native set-up called by this code.
 */
public final class TablePartitionFirst {
    private TablePartitionFirst() {
    }

    public static void main(String[] args) {
        Scaling scaling = Scaling.standardize(new float[] {1, 2}, new float[] {2, 4});
        TableShards.block(List.of(new Tuple2<>(0L, new TableShards.Record(new float[] {3, 6}, (byte) 1)),
                new Tuple2<>(1L, new TableShards.Record(new float[] {1, 2}, (byte) 0))).iterator(), 2, 2, scaling, false);
        NativeReport.print();
    }
}
