package io.paramavg.driver.data.table;

import io.paramavg.driver.data.Shard;
import io.paramavg.driver.data.ShardSource;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.train.Seeds;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Cuts shards from a scanned table's rows. Each row gets its global index (its partition's offset,
 * known from the scan, plus its place in the partition), is decoded, labelled and densified where it
 * is read, and travels once, to the shard a seeded assignment gives it; a shard sorts its rows by
 * index (so it is the same whichever order they arrive in), scales them with the training
 * statistics and keeps them as one compact block: one byte per feature when every value of the
 * source is a byte (0..255; scaled as each minibatch is cut), else four, scaled here. No executor
 * keeps more than its shards, and the driver sees none of it. Which rows train, test and validate
 * is the scan's {@link Split}: each pass re-decides it row by row.
 *
 * @param scan           the validated source
 * @param testScan       the separate test source, or null when the test set is the held-out rows of {@code scan}
 * @param validationScan the separate validation source, or null (none, or the validation rows of {@code scan})
 * @param labels         label to class
 * @param scaling        feature scaling
 */
public record TableShards(TableScan scan, TableScan testScan, TableScan validationScan, Labels labels,
                          Scaling scaling) implements ShardSource {

    /** One decoded, labelled row on its way to its shard. */
    record Record(float[] x, byte label) implements Serializable {
    }

    @Override
    public JavaRDD<Shard> training(JavaSparkContext sc, int shards, int partitions, long seed, double heldOut) {
        requireScannedWith(seed, heldOut);
        JavaRDD<Shard> perShard = build(scan, Split.Side.TRAIN, shards, seed, true, "paramavg training shards");
        if (partitions >= shards) {
            return perShard;
        }
        // Fewer barrier tasks than shards: contiguous runs of shards, in ascending index, one run per task
        // (the layout the engine's rank order expects). The per-shard RDD is only a step on the way.
        perShard.unpersist(false);
        JavaRDD<Shard> grouped = perShard.mapToPair(shard -> new Tuple2<>(shard.index(), shard))
                .repartitionAndSortWithinPartitions(new Runs(shards, partitions)).values();
        grouped.setName("paramavg training shards");
        return grouped.persist(StorageLevel.MEMORY_ONLY());
    }

    @Override
    public int heldOutCount(double heldOut) {
        requireScannedWith(scan.split().seed(), heldOut); // the seed moves rows, not the count the scan made
        return (int) scan.count(Split.Side.VALIDATION);
    }

    @Override
    public JavaRDD<Shard> validation(JavaSparkContext sc, int shards, long seed, double heldOut) {
        if (heldOut > 0) {
            requireScannedWith(seed, heldOut);
            return build(scan, Split.Side.VALIDATION, shards, 0, false, "paramavg validation shards");
        }
        return validationScan == null ? null
                : build(validationScan, Split.Side.ALL, shards, 0, false, "paramavg validation shards");
    }

    /**
     * The scan counted and numbered the rows under one validation split; shards cut under another
     * would not match its offsets. Every caller passes the run's own seed and share: this guards the
     * contract, it is not a user error.
     */
    private void requireScannedWith(long seed, double heldOut) {
        Split split = scan.split();
        if (heldOut != split.validation() || heldOut > 0 && seed != split.seed()) {
            throw new IllegalArgumentException("the table was scanned holding out " + split.validation()
                    + " for validation with seed " + split.seed() + ", not " + heldOut + " with seed " + seed);
        }
    }

    /** Shard index to its task: contiguous runs, as {@code parallelize} slices a list. */
    static final class Runs extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int shards;
        private final int partitions;

        Runs(int shards, int partitions) {
            this.shards = shards;
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            int shard = (Integer) key;
            for (int p = 0; p < partitions; p++) {
                if (shard < (int) ((long) shards * (p + 1) / partitions)) {
                    return p;
                }
            }
            return partitions - 1;
        }
    }

    @Override
    public JavaRDD<Shard> test(JavaSparkContext sc, int shards) {
        return testScan != null ? build(testScan, Split.Side.ALL, shards, 0, false, "paramavg test shards")
                : build(scan, Split.Side.HELD, shards, 0, false, "paramavg test shards");
    }

    private JavaRDD<Shard> build(TableScan source, Split.Side side, int shards, long seed, boolean seeded,
                                 String name) {
        RowDecoder decoder = source.input().decoder();
        int fileColumn = source.input().fileColumn();
        String labelColumn = source.input().labelColumn();
        int features = scan.features();
        Split split = source.split();
        long[] offsets = source.offsets(side);
        Labels classes = labels;
        Scaling scale = scaling;
        boolean bytes = source.bytes();
        JavaPairRDD<Long, Record> keyed = source.input().frame().javaRDD().mapPartitionsWithIndex((p, rows) -> {
            List<Tuple2<Long, Record>> out = new ArrayList<>();
            long[] next = {offsets[p]};
            RowWalker.walk(rows, decoder, fileColumn, "the DataFrame", (example, at, rowInPartition) -> {
                if (split.wants(side, p, rowInPartition)) {
                    out.add(new Tuple2<>(next[0]++, new Record(example.toDense(features),
                            (byte) classes.classOf(example, at, labelColumn))));
                }
            });
            return out.iterator();
        }, true).mapToPair(t -> t);
        JavaRDD<Shard> rdd = keyed.repartitionAndSortWithinPartitions(new Assignment(shards, source.count(side), seed,
                        seeded))
                .mapPartitionsWithIndex((index, records) -> List.of(new Shard(index,
                        block(records, features, classes.classes(), scale, bytes))).iterator(), true);
        rdd.setName(name);
        return rdd.persist(StorageLevel.MEMORY_ONLY());
    }

    static LabeledRecords block(Iterator<Tuple2<Long, Record>> records, int features, int classes,
                                       Scaling scaling, boolean bytes) {
        List<Record> list = new ArrayList<>();
        records.forEachRemaining(t -> list.add(t._2()));
        if (bytes) {
            // Every value is a byte: one byte per feature, scaled minibatch by minibatch as IDX pixels are.
            byte[] values = new byte[list.size() * features];
            byte[] labels = new byte[list.size()];
            for (int i = 0; i < list.size(); i++) {
                float[] x = list.get(i).x();
                for (int f = 0; f < features; f++) {
                    values[i * features + f] = (byte) (int) x[f];
                }
                labels[i] = list.get(i).label();
            }
            return LabeledRecords.ofBytes(features, classes, values, labels,
                    scaling.kind() == io.paramavg.driver.config.TableConfig.Normalize.NONE ? null : scaling);
        }
        float[] values = new float[list.size() * features];
        byte[] labels = new byte[list.size()];
        for (int i = 0; i < list.size(); i++) {
            System.arraycopy(list.get(i).x(), 0, values, i * features, features);
            labels[i] = list.get(i).label();
        }
        return LabeledRecords.ofFeatures(features, classes, scaling.apply(values, list.size(), features), labels);
    }

    /**
     * Global index to shard. Seeded (training): consecutive runs of {@code shards} indices are dealt
     * one to each shard, rotated by a seeded amount per run, so shard sizes differ by at most one
     * (the engine's round schedule is cut for the largest, ceil(count / shards)). Unseeded (test):
     * contiguous ranges.
     */
    static final class Assignment extends Partitioner {
        private static final long serialVersionUID = 1L;
        private static final long PURPOSE = 0x5441_424cL;

        private final int shards;
        private final long count;
        private final long seed;
        private final boolean seeded;

        Assignment(int shards, long count, long seed, boolean seeded) {
            this.shards = shards;
            this.count = Math.max(1, count);
            this.seed = seed;
            this.seeded = seeded;
        }

        @Override
        public int numPartitions() {
            return shards;
        }

        @Override
        public int getPartition(Object key) {
            long index = (Long) key;
            if (!seeded) {
                return (int) Math.min(shards - 1, index * shards / count);
            }
            long run = index / shards;
            long rotation = Math.floorMod(Seeds.derive(seed, PURPOSE, run), (long) shards);
            return (int) ((index % shards + rotation) % shards);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Assignment a && a.shards == shards && a.count == count && a.seed == seed
                    && a.seeded == seeded;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seed) * 31 + shards;
        }
    }
}
