package io.paramavg.driver.service;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.DataSource;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.ImagePair;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.Shard;
import io.paramavg.driver.data.ShardRdds;
import io.paramavg.driver.data.table.Split;
import io.paramavg.driver.data.table.TableData;
import io.paramavg.driver.data.table.TableInput;
import io.paramavg.driver.data.table.TableReader;
import io.paramavg.driver.engine.DistributedEvaluator;
import io.paramavg.driver.engine.ExecutorSetup;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.spark.SparkContexts;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.eval.Scored;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import org.apache.spark.api.java.JavaRDD;
import org.nd4j.evaluation.classification.Evaluation;

import java.io.IOException;
import java.util.Map;
import java.util.function.IntFunction;

/** A saved model's metrics on a held-out set, computed on Spark's executors like training's evaluation. */
public final class EvaluationService {
    private final HadoopConf conf;

    public EvaluationService(HadoopConf conf) {
        this.conf = conf;
    }

    /**
     * {@code model}'s metrics on the held-out files of {@code data}, in {@code shards} Spark tasks
     * (0: Spark's default parallelism), on {@code master} (null: spark-submit's, else local).
     */
    public Evaluation evaluate(SavedModel model, DataConfig data, String master, int shards) throws IOException {
        return evaluate(model, data, TableConfig.defaults(), 0, master, shards);
    }

    /**
     * The same for any format: IDX as above; a table's every row of {@code tables.test()} if set,
     * else of {@code data.dir()} (its rows held out with {@code seed} when {@code tables.testFraction() > 0},
     * the same rows a training run with that seed held out), read with the model's labels and scaling.
     */
    public Evaluation evaluate(SavedModel model, DataConfig data, TableConfig tables, long seed, String master,
                               int shards) throws IOException {
        String path = tables.test().isEmpty() ? data.dir() : tables.test();
        if (DataSource.at(path, tables.format(), conf) instanceof DataSource.Table table) {
            return evaluateTable(model, table, tables, seed, master, shards);
        }
        return evaluateIdx(model, data, master, shards);
    }

    private Evaluation evaluateTable(SavedModel model, DataSource.Table source, TableConfig tables, long seed,
                                     String master, int shards) {
        RunConfig trained = architectureOf(model);
        if (model.table() == null) {
            throw new ConfigException("--model " + model.location() + " was trained on IDX images and has no label "
                    + "mapping or feature scaling for a table; evaluate it on IDX data");
        }
        try (SparkContexts.Handle spark = SparkContexts.start(master)) {
            TableInput input = TableReader.read(TableData.session(spark.context()), source.path(), source.format(),
                    tables);
            Split split = tables.test().isEmpty() ? TableData.holdOut(tables.testFraction(), seed)
                    : TableData.holdOut(0, 0);
            TableData.Scored scored = TableData.forEvaluation(input, split, model.table(), (int) model.inputs());
            return evaluateOn(spark, model, trained, (int) model.inputs(), (int) model.classes(), scored.count(),
                    shards, parts -> scored.shards().test(spark.context(), parts));
        }
    }

    private Evaluation evaluateIdx(SavedModel model, DataConfig data, String master, int shards) throws IOException {
        RunConfig trained = architectureOf(model);
        ImagePair test = DataFiles.resolveTestSet(data, conf);
        LabeledRecords sample = test.read((int) model.classes(), conf);
        if (sample.features() != model.inputs()) {
            throw new DataFormatException(test.images().location(), "image size", model.inputs() + " pixels per image "
                    + "(what the model takes)", sample.rows() + "x" + sample.columns() + " = " + sample.features());
        }
        try (SparkContexts.Handle spark = SparkContexts.start(master)) {
            return evaluateOn(spark, model, trained, sample.features(), sample.classes(), sample.count(), shards,
                    parts -> ShardRdds.test(spark.context(), test, sample.classes(), parts, conf));
        }
    }

    /**
     * {@code model}'s metrics on the {@code count} test records that {@code testShards} cuts into
     * {@code shards} parts (0: Spark's default parallelism, but no more than there are records).
     */
    private static Evaluation evaluateOn(SparkContexts.Handle spark, SavedModel model, RunConfig trained,
                                         int features, int classes, int count, int shards,
                                         IntFunction<JavaRDD<Shard>> testShards) {
        int parts = shards > 0 ? shards : Math.min(spark.context().defaultParallelism(), count);
        ExecutorSetup setup = new ExecutorSetup(trained.model(), features, classes, 1);
        JavaRDD<Shard> rdd = testShards.apply(parts);
        try {
            return DistributedEvaluator.evaluate(spark.context(), rdd, setup, NetworkState.capture(model.network()));
        } finally {
            rdd.unpersist(false);
        }
    }

    /**
     * {@code model}'s metrics and loss on the validation data of {@code config} (the records it holds
     * out of {@code data}'s training files, or its data.validation folder), on the active or a new
     * Spark context.
     */
    public Scored validate(SavedModel model, RunConfig config, LoadedData data, String master) {
        RunConfig trained = architectureOf(model);
        if (model.inputs() != data.train().features()) {
            throw new DataFormatException(model.location(), "input size", data.train().features() + " (the data's)",
                    String.valueOf(model.inputs()));
        }
        try (SparkContexts.Handle spark = SparkContexts.start(master)) {
            int parts = Math.min(spark.context().defaultParallelism(), data.train().count());
            ExecutorSetup setup = new ExecutorSetup(trained.model(), data.train().features(), data.train().classes(), 1);
            JavaRDD<Shard> shards = data.shards().validation(spark.context(), parts, config.training().seed(),
                    config.validation().fraction());
            try {
                return DistributedEvaluator.score(spark.context(), shards, setup, NetworkState.capture(model.network()));
            } finally {
                shards.unpersist(false);
            }
        }
    }

    /** The architecture the model was trained with, from its manifest, checked against the model itself. */
    public static RunConfig architectureOf(SavedModel model) {
        if (model.manifest() == null) {
            throw new ConfigException("--model " + model.location() + ": expected a paramavg manifest (inside the zip, "
                    + "or manifest.json beside it; written by paramavg train; it names the architecture), found none");
        }
        Settings settings = Settings.defaults();
        for (Map.Entry<String, String> entry : model.manifest().configuration().entrySet()) {
            if (ConfigKey.named(entry.getKey()).isPresent()) {
                settings = settings.with(entry.getKey(), entry.getValue(), model.location() + "'s manifest");
            }
        }
        RunConfig config = RunConfig.from(settings);
        long expected = NetworkFactory.build(config.model(), (int) model.inputs(), (int) model.classes(), 0)
                .numParams();
        if (expected != model.network().numParams()) {
            throw new DataFormatException(model.location(), "parameter count", expected + " (the architecture in "
                    + "its manifest)", String.valueOf(model.network().numParams()));
        }
        return config;
    }
}
