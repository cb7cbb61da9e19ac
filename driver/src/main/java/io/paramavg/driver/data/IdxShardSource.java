package io.paramavg.driver.data;

import io.paramavg.worker.train.Permutations;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.Optional;

/**
 * Shards of an IDX image/label pair, each partition reading the files itself ({@link ShardRdds}).
 *
 * @param files        the run's four files
 * @param trainCount   the training records (before any is held out for validation)
 * @param classes      the class count
 * @param validation   the data.validation folder's image and label files, if given
 * @param conf         Hadoop configuration for the executors
 */
public record IdxShardSource(DataFiles files, int trainCount, int classes, Optional<ImagePair> validation,
                             HadoopConf conf) implements ShardSource {
    @Override
    public JavaRDD<Shard> training(JavaSparkContext sc, int shards, int partitions, long seed, double heldOut) {
        return ShardRdds.training(sc, files.train(), classes, shards, partitions, seed, heldOut, conf);
    }

    @Override
    public JavaRDD<Shard> test(JavaSparkContext sc, int shards) {
        return ShardRdds.test(sc, files.test(), classes, shards, conf);
    }

    @Override
    public int heldOutCount(double heldOut) {
        return Permutations.heldOutCount(trainCount, heldOut);
    }

    @Override
    public JavaRDD<Shard> validation(JavaSparkContext sc, int shards, long seed, double heldOut) {
        if (heldOut > 0) {
            return ShardRdds.heldOut(sc, files.train(), classes, shards, seed, heldOut, conf);
        }
        return validation.map(pair -> ShardRdds.contiguousShards(sc, pair, classes, shards, conf,
                "paramavg validation shards")).orElse(null);
    }
}
