package io.paramavg.driver.data.table;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.DataShape;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.data.ShardSource;
import io.paramavg.worker.settings.Setting;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A table source made ready for training or evaluation: read, scanned (the validation pass),
 * labels mapped, scaling computed, shards described (built later, by the engine's calls). A separate
 * test or validation source is scanned against the training labels and feature count.
 */
public final class TableData {
    private TableData() {
    }

    /**
     * The training, test and validation sets of a command-line run: data.dir in {@code format}, with
     * the test set from data.test or held out of it, and the validation set from data.validation (in
     * the same format, read and checked like a test set) or train.validation-fraction of the rest.
     */
    public static LoadedData.Table load(JavaSparkContext sc, RunConfig config, TableConfig.Format format) {
        SparkSession spark = session(sc);
        TableConfig tables = config.tables();
        TableInput train = TableReader.read(spark, config.data().dir(), format, tables);
        Optional<TableInput> test = tables.test().isEmpty() ? Optional.empty()
                : Optional.of(TableReader.read(spark, tables.test(), format, tables));
        if (test.isEmpty() && tables.testFraction() == 0) {
            throw new ConfigException("a held-out set is needed to measure the model: give data.test (--test-data "
                    + "PATH) or data.test-fraction (e.g. --set data.test-fraction=0.2), found neither");
        }
        String validationPath = config.validation().data();
        Optional<TableInput> validation = validationPath.isEmpty() ? Optional.empty()
                : Optional.of(TableReader.read(spark, validationPath, format, tables));
        return prepare(train, test, validation, config, Setting.nameOf(format));
    }

    /**
     * The sets of a DataFrame handed to the Spark ML API: the test set is {@code config}'s
     * data.test-fraction held out of it, or with none held out the training rows themselves (the
     * fit's reported metrics are then on them); the validation set is {@code validation} (a second
     * DataFrame), or train.validation-fraction of the rows that remain.
     */
    public static LoadedData.Table fromDataFrame(TableInput frame, Optional<TableInput> validation,
                                                 RunConfig config) {
        return prepare(frame, Optional.empty(), validation, config, "dataframe");
    }

    /**
     * The sets of {@code train}: the test set is {@code test}, or data.test-fraction held out of
     * {@code train} (or, with none held out, {@code train} itself: only a DataFrame gets here without a
     * held-out set, the command line refuses one); the validation set is {@code validation}, or
     * train.validation-fraction of the remaining rows.
     */
    private static LoadedData.Table prepare(TableInput train, Optional<TableInput> test,
                                            Optional<TableInput> validation, RunConfig config, String format) {
        TableConfig tables = config.tables();
        try {
            Split split = new Split(test.isEmpty() ? tables.testFraction() : 0, config.training().seed(),
                    config.validation().fraction());
            TableScan scan = TableScan.training(train, split, tables.featureCount(), tables.indexLabels());
            Labels labels = scan.labels(tables.indexLabels(), config.data().classes());
            requireEverySide(scan, train.name());
            Optional<TableScan> testScan = test.map(input -> TableScan.against(input, Split.none(), labels,
                    scan.features()));
            // Read and checked as a test set is: the training labels and feature count, every error naming the file.
            Optional<TableScan> validationScan = validation.map(input -> TableScan.against(input, Split.none(),
                    labels, scan.features()));
            // No test source and nothing held out: the test set is the training rows (only a DataFrame's fit).
            TableScan testSource = testScan.orElse(split.fraction() > 0 ? null : scan);
            Scaling scaling = scan.scaling(tables.normalize());
            int features = scan.features();
            long testCount = testSource != null ? testSource.count(Split.Side.ALL) : scan.count(Split.Side.HELD);
            Map<String, String> digests = new LinkedHashMap<>();
            digests.put(train.name(), scan.sha256());
            testScan.ifPresent(s -> digests.put(s.input().name(), s.sha256()));
            validationScan.ifPresent(s -> digests.put(s.input().name(), s.sha256()));
            ShardSource shards = new TableShards(scan, testSource, validationScan.orElse(null), labels, scaling);
            // The training set is every row but the test rows: validation rows are held out of it, as with IDX.
            long trainCount = scan.count(Split.Side.TRAIN) + scan.count(Split.Side.VALIDATION);
            return new LoadedData.Table(new TablePreprocessing(format, labels, scaling),
                    new DataShape(toInt(trainCount), 1, features, labels.classes()),
                    new DataShape(toInt(testCount), 1, features, labels.classes()), digests, shards,
                    validationScan.map(s -> new LoadedData.ValidationSet(s.input().name(),
                            toInt(s.count(Split.Side.ALL)))));
        } catch (RuntimeException e) {
            throw TableScan.unwrap(e);
        }
    }

    /** A hold-out that took no rows, or hold-outs that left no training rows, are the user's to correct. */
    private static void requireEverySide(TableScan scan, String name) {
        Split split = scan.split();
        if (split.fraction() > 0 && scan.count(Split.Side.HELD) == 0) {
            throw new ConfigException("data.test-fraction " + split.fraction() + " held out none of the "
                    + scan.count(Split.Side.ALL) + " rows of " + name + "; raise it or give data.test");
        }
        if (split.validation() > 0 && scan.count(Split.Side.VALIDATION) == 0) {
            throw new ConfigException("train.validation-fraction " + split.validation() + " held out none of the "
                    + (scan.count(Split.Side.TRAIN) + scan.count(Split.Side.VALIDATION)) + " training rows of " + name
                    + "; raise it or give data.validation");
        }
        if (scan.count(Split.Side.TRAIN) == 0) {
            throw new ConfigException("data.test-fraction " + split.fraction() + " and train.validation-fraction "
                    + split.validation() + " left no training rows of " + name);
        }
    }

    /**
     * Every row of {@code input} (or its held-out rows under {@code split}) scored against a model's
     * labels and feature count: shards for evaluation, and their count.
     */
    public static Scored forEvaluation(TableInput input, Split split, TablePreprocessing model, int features) {
        try {
            TableScan scan = TableScan.against(input, split, model.labels(), features);
            long count = scan.count(split.fraction() > 0 ? Split.Side.HELD : Split.Side.ALL);
            if (count == 0) {
                throw new ConfigException("no rows of " + input.name() + " to evaluate on");
            }
            ShardSource shards = new TableShards(scan, split.fraction() > 0 ? null : scan, null, model.labels(),
                    model.scaling());
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
