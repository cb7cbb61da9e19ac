package io.paramavg.driver.engine;

import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Shards of an IDX image/label pair, each partition reading the files itself ({@link ShardRdds}).
 *
 * @param files   the run's four files
 * @param classes the class count
 * @param conf    Hadoop configuration for the executors
 */
public record IdxShardSource(DataFiles files, int classes, HadoopConf conf) implements ShardSource {
    @Override
    public JavaRDD<Shard> training(JavaSparkContext sc, int shards, int partitions, long seed, double heldOut) {
        return ShardRdds.training(sc, files.trainImages(), files.trainLabels(), classes, shards, partitions, seed,
                heldOut, conf);
    }

    @Override
    public JavaRDD<Shard> test(JavaSparkContext sc, int shards) {
        return ShardRdds.test(sc, files.testImages(), files.testLabels(), classes, shards, conf);
    }

    @Override
    public JavaRDD<Shard> heldOut(JavaSparkContext sc, int shards, long seed, double heldOut) {
        return ShardRdds.heldOut(sc, files.trainImages(), files.trainLabels(), classes, shards, seed, heldOut, conf);
    }
}
