package io.paramavg.driver.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where an engine's shards come from: IDX files or a table, which the engine never needs to know.
 * Each call builds a persisted RDD of {@link Shard}s, rebuilt identically from its lineage if an
 * executor is lost; the caller unpersists it.
 */
public interface ShardSource {
    /**
     * {@code shards} training shards in {@code partitions} partitions (one per barrier task: contiguous
     * runs of shards in ascending index when there are more shards than partitions), records assigned by
     * a split seeded with {@code seed}, without the {@code heldOut} share kept for validation.
     */
    JavaRDD<Shard> training(JavaSparkContext sc, int shards, int partitions, long seed, double heldOut);

    /** {@code shards} test shards (order is irrelevant for evaluation). */
    JavaRDD<Shard> test(JavaSparkContext sc, int shards);

    /** How many records of the training set {@link #training} holds out for validation with share {@code heldOut}. */
    int heldOutCount(double heldOut);

    /**
     * {@code shards} shards of the validation set: with {@code heldOut > 0} the records {@link #training}
     * holds out with the same seed and share, else the separate validation set the data was loaded
     * with (data.validation); null when there is neither.
     */
    JavaRDD<Shard> validation(JavaSparkContext sc, int shards, long seed, double heldOut);
}
