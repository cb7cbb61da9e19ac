package io.paramavg.driver.engine;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Where an engine's shards come from: IDX files or a table, which the engine never needs to know.
 * Each call builds a persisted RDD of exactly {@code shards} partitions, one {@link Shard} each,
 * rebuilt identically from its lineage if an executor is lost; the caller unpersists it.
 */
public interface ShardSource {
    /** {@code shards} training shards, records assigned by a split seeded with {@code seed}. */
    JavaRDD<Shard> training(JavaSparkContext sc, int shards, long seed);

    /** {@code shards} test shards (order is irrelevant for evaluation). */
    JavaRDD<Shard> test(JavaSparkContext sc, int shards);
}
