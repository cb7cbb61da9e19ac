package io.paramavg.driver.data.table;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.DataShape;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.engine.ShardSource;
import io.paramavg.worker.settings.Setting;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table source made ready for training or evaluation: read, scanned (the validation pass),
 * labels mapped, scaling computed, shards described (built later, by the engine's calls).
 */
public final class TableData {
    private TableData() {
    }

    /**
     * The training and test sets of a command-line run: {@code path} in {@code format}, with the
     * test set from {@code tables.test()} or held out of {@code path}.
     */
    public static LoadedData load(JavaSparkContext sc, String path, TableConfig.Format format, TableConfig tables,
                                  int fixedClasses, long seed) {
        SparkSession spark = session(sc);
        TableInput train = TableReader.read(spark, path, format, tables);
        TableInput test = tables.test().isEmpty() ? null : TableReader.read(spark, tables.test(), format, tables);
        if (test == null && tables.testFraction() == 0) {
            throw new ConfigException("a held-out set is needed to measure the model: give data.test (--test-data "
                    + "PATH) or data.test-fraction (e.g. --set data.test-fraction=0.2), found neither");
        }
        return prepare(train, test, tables, fixedClasses, seed, Setting.nameOf(format), false);
    }

    /**
     * The training set of a DataFrame (the Spark ML API), with {@code tables.testFraction()} held out
     * for the run's evaluation; with none held out, the run's reported metrics are on the training rows.
     */
    public static LoadedData prepare(TableInput train, TableInput test, TableConfig tables, int fixedClasses,
                                     long seed, String format, boolean testMayBeTraining) {
        try {
            Split split = test == null ? new Split(tables.testFraction(), seed) : Split.none();
            TableScan scan = TableScan.run(train, split, null, tables.featureCount() > 0 ? tables.featureCount() : -1,
                    tables.indexLabels());
            Labels labels = scan.labels(tables.indexLabels(), fixedClasses);
            if (split.fraction() > 0 && scan.heldCount() == 0) {
                throw new ConfigException("data.test-fraction " + split.fraction() + " held out none of the "
                        + scan.trainCount() + " rows of " + train.name() + "; raise it or give data.test");
            }
            if (scan.trainCount() == 0) {
                throw new ConfigException("data.test-fraction " + split.fraction() + " left no training rows of "
                        + train.name());
            }
            TableScan testScan = test != null
                    ? TableScan.run(test, Split.none(), labels, scan.features(), tables.indexLabels())
                    : split.fraction() == 0 && testMayBeTraining ? scan : null;
            Scaling scaling = scan.scaling(tables.normalize());
            int features = scan.features();
            long testCount = testScan != null ? testScan.trainCount() : scan.heldCount();
            Map<String, String> digests = new LinkedHashMap<>();
            digests.put(train.name(), scan.sha256());
            if (test != null) {
                digests.put(test.name(), testScan.sha256());
            }
            ShardSource shards = new TableShards(scan, split.fraction() > 0 ? Split.Side.TRAIN : Split.Side.ALL,
                    testScan, split, labels, scaling);
            return new LoadedData(null, new DataShape(toInt(scan.trainCount()), 1, features, labels.classes()),
                    new DataShape(toInt(testCount), 1, features, labels.classes()), digests, shards,
                    new TablePreprocessing(format, labels, scaling));
        } catch (RuntimeException e) {
            throw TableScan.unwrap(e);
        }
    }

    /**
     * Every row of {@code input} (or its held-out rows under {@code split}) scored against a model's
     * labels and feature count: shards for evaluation, and their count.
     */
    public static Scored forEvaluation(TableInput input, Split split, TablePreprocessing model, int features) {
        try {
            TableScan scan = TableScan.run(input, split, model.labels(), features, true);
            long count = split.fraction() > 0 ? scan.heldCount() : scan.trainCount();
            if (count == 0) {
                throw new ConfigException("no rows of " + input.name() + " to evaluate on");
            }
            ShardSource shards = new TableShards(scan, Split.Side.ALL, split.fraction() > 0 ? null : scan, split,
                    model.labels(), model.scaling());
            return new Scored(shards, toInt(count), scan.sha256());
        } catch (RuntimeException e) {
            throw TableScan.unwrap(e);
        }
    }

    /** Shards to evaluate on, their record count and the digest of what was read. */
    public record Scored(ShardSource shards, int count, String sha256) {
    }

    /** The held-out split of a run with {@code fraction} and {@code seed}. */
    public static Split holdOut(double fraction, long seed) {
        return new Split(fraction, seed);
    }

    /** The caller's session, or one on {@code sc} (without re-applying its configuration, which Spark warns of). */
    public static SparkSession session(JavaSparkContext sc) {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isDefined() && active.get().sparkContext() == sc.sc()) {
            return active.get();
        }
        scala.Option<SparkSession> fallback = SparkSession.getDefaultSession();
        if (fallback.isDefined() && fallback.get().sparkContext() == sc.sc()) {
            return fallback.get();
        }
        return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    private static int toInt(long count) {
        if (count > Integer.MAX_VALUE) {
            throw new ConfigException("at most " + Integer.MAX_VALUE + " records per set, found " + count);
        }
        return (int) count;
    }
}
