package io.paramavg.driver.data;

import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.train.Minibatches;
import io.paramavg.worker.train.Permutations;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the shard RDDs of an IDX image/label pair. Each partition reads the files itself and keeps only its records,
 * so what Spark caches is the shard and what it remembers is how to make it again: if an executor
 * is lost, its shard is rebuilt from the files (the lineage), identical because the split is seeded.
 * The driver ships only a few strings per task, never the data.
 */
public final class ShardRdds {
    private ShardRdds() {
    }

    /**
     * {@code shards} training shards from a seeded split, in {@code partitions} partitions (one per
     * barrier task; contiguous runs of shards when there are more shards than partitions), persisted in
     * memory as objects.
     */
    public static JavaRDD<Shard> training(JavaSparkContext sc, ImagePair pair, int classes,
                                          int shards, int partitions, long seed, double heldOut, HadoopConf conf) {
        return build(sc, pair, classes, shards, partitions, conf, (count, index) -> {
            int[] kept = Permutations.holdOut(count, heldOut, seed)[0];
            int[] mine = Permutations.split(kept.length, shards, seed)[index];
            for (int i = 0; i < mine.length; i++) {
                mine[i] = kept[mine[i]];
            }
            return mine;
        }, "paramavg training shards");
    }

    /** {@code shards} contiguous shards of the records {@link #training} holds out with the same seed and share. */
    public static JavaRDD<Shard> heldOut(JavaSparkContext sc, ImagePair pair, int classes,
                                         int shards, long seed, double heldOut, HadoopConf conf) {
        return build(sc, pair, classes, shards, shards, conf,
                (count, index) -> contiguous(Permutations.holdOut(count, heldOut, seed)[1], shards, index),
                "paramavg validation shards");
    }

    /** Part {@code index} of {@code shards} contiguous parts of {@code records}. */
    private static int[] contiguous(int[] records, int shards, int index) {
        int start = (int) ((long) records.length * index / shards);
        int end = (int) ((long) records.length * (index + 1) / shards);
        return java.util.Arrays.copyOfRange(records, start, end);
    }

    /** {@code shards} contiguous test shards (order is irrelevant for evaluation). */
    public static JavaRDD<Shard> test(JavaSparkContext sc, ImagePair pair, int classes,
                                      int shards, HadoopConf conf) {
        return contiguousShards(sc, pair, classes, shards, conf, "paramavg test shards");
    }

    /** Every record of the pair, in {@code shards} contiguous shards named {@code name}. */
    static JavaRDD<Shard> contiguousShards(JavaSparkContext sc, ImagePair pair, int classes,
                                                   int shards, HadoopConf conf, String name) {
        return build(sc, pair, classes, shards, shards, conf, (count, index) ->
                contiguous(Minibatches.identity(count), shards, index), name);
    }

    /** Which records of {@code count} belong to shard {@code index}. */
    private interface Assignment extends java.io.Serializable {
        int[] records(int count, int index);
    }

    private static JavaRDD<Shard> build(JavaSparkContext sc, ImagePair pair, int classes,
                                        int shards, int partitions, HadoopConf conf, Assignment assignment,
                                        String name) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            indices.add(i);
        }
        // parallelize slices a list into contiguous runs, in order: partition p holds shards in
        // ascending index, and the partitions' order is the shards' order (the allreduce's rank order).
        JavaRDD<Shard> rdd = sc.parallelize(indices, partitions).mapPartitions(held -> {
            List<Shard> result = new ArrayList<>();
            LabeledRecords all = null;
            while (held.hasNext()) {
                int index = held.next();
                if (all == null) {
                    all = pair.read(classes, conf); // once per partition
                }
                result.add(new Shard(index, all.select(assignment.records(all.count(), index))));
            }
            return result.iterator();
        });
        rdd.setName(name);
        // Deserialized in memory: a round touches the shard's bytes directly, with no decoding.
        return rdd.persist(StorageLevel.MEMORY_ONLY());
    }
}
