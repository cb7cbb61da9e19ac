package io.paramavg.ml;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.table.TableData;
import io.paramavg.driver.data.table.TableReader;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.service.RunEvents;
import io.paramavg.driver.service.TrainingOutcome;
import io.paramavg.driver.service.TrainingRequest;
import io.paramavg.driver.service.TrainingService;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * paramavg as a Spark ML {@code Estimator}: {@link #fit} trains an MLP with parameter averaging on
 * the rows of a DataFrame (an ML {@code Vector} features column and a numeric or text label column)
 * through the same {@code TrainingService} as {@code paramavg train}: the same engine, shards,
 * checkpoints, metrics and model.zip. Every configuration key that shapes the model or its training
 * is a Param with the key's default and rule ({@link SettingParams}); {@code data.test-fraction}
 * holds out rows for the run's reported test metrics (0: they are measured on the training rows).
 * The run's outputs go to {@link #outputDir} (default: a new temporary folder).
 */
public class ParamAvgClassifier extends Estimator<ParamAvgClassificationModel>
        implements DefaultParamsWritable, SettingParams.ParamsAccess, ColumnParams<ParamAvgClassifier> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParamAvgClassifier.class);

    private final String uid;
    private final SettingParams settings;
    private final Param<String> outputDir;
    private final Param<?>[] all;

    public ParamAvgClassifier() {
        this(Identifiable$.MODULE$.randomUID("paramAvgClassifier"));
    }

    /** With a given uid: what Spark ML's readers and {@code copy} call. */
    public ParamAvgClassifier(String uid) {
        this.uid = uid;
        settings = new SettingParams(this);
        outputDir = new Param<>(this, "outputDir", "Folder (any Hadoop file system) for the training run's "
                + "model.zip, metrics.json, manifest.json, report.html and checkpoints; empty: a new temporary "
                + "folder per fit");
        List<Param<?>> list = new ArrayList<>(settings.all());
        list.addAll(Columns.create(this));
        list.add(outputDir);
        all = list.toArray(new Param<?>[0]);
        settings.setDefaults(this);
        defaultTo(outputDir, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<?>[] params() {
        return all.clone();
    }

    @Override
    public <T> void defaultTo(Param<T> param, T value) {
        setDefault(param, value);
    }

    // The Params of the keys users set most, typed; every key's Param is also found by name
    // (getParam("momentum")) and set with set(param, value).

    public IntArrayParam hiddenLayers() {
        return (IntArrayParam) settings.get(ConfigKey.MODEL_HIDDEN_LAYERS);
    }

    @SuppressWarnings("unchecked")
    public Param<String> activation() {
        return (Param<String>) settings.get(ConfigKey.MODEL_ACTIVATION);
    }

    public DoubleParam dropout() {
        return (DoubleParam) settings.get(ConfigKey.MODEL_DROPOUT);
    }

    public DoubleParam l2() {
        return (DoubleParam) settings.get(ConfigKey.MODEL_L2);
    }

    @SuppressWarnings("unchecked")
    public Param<String> updater() {
        return (Param<String>) settings.get(ConfigKey.MODEL_UPDATER);
    }

    public DoubleParam learningRate() {
        return (DoubleParam) settings.get(ConfigKey.MODEL_LEARNING_RATE);
    }

    public IntParam epochs() {
        return (IntParam) settings.get(ConfigKey.TRAIN_EPOCHS);
    }

    public IntParam batchSize() {
        return (IntParam) settings.get(ConfigKey.TRAIN_BATCH_SIZE);
    }

    public IntParam shards() {
        return (IntParam) settings.get(ConfigKey.TRAIN_SHARDS);
    }

    public IntParam averagingFrequency() {
        return (IntParam) settings.get(ConfigKey.TRAIN_AVERAGING_FREQUENCY);
    }

    public LongParam seed() {
        return (LongParam) settings.get(ConfigKey.TRAIN_SEED);
    }

    public DoubleParam testFraction() {
        return (DoubleParam) settings.get(ConfigKey.DATA_TEST_FRACTION);
    }

    public BooleanParam indexLabels() {
        return (BooleanParam) settings.get(ConfigKey.DATA_INDEX_LABELS);
    }

    @SuppressWarnings("unchecked")
    public Param<String> normalize() {
        return (Param<String>) settings.get(ConfigKey.DATA_NORMALIZE);
    }

    public Param<String> outputDir() {
        return outputDir;
    }

    public ParamAvgClassifier setHiddenLayers(int[] value) {
        set(hiddenLayers(), value);
        return this;
    }

    public ParamAvgClassifier setActivation(String value) {
        set(activation(), value);
        return this;
    }

    public ParamAvgClassifier setDropout(double value) {
        set(dropout(), value);
        return this;
    }

    public ParamAvgClassifier setL2(double value) {
        set(l2(), value);
        return this;
    }

    public ParamAvgClassifier setUpdater(String value) {
        set(updater(), value);
        return this;
    }

    public ParamAvgClassifier setLearningRate(double value) {
        set(learningRate(), value);
        return this;
    }

    public ParamAvgClassifier setEpochs(int value) {
        set(epochs(), value);
        return this;
    }

    public ParamAvgClassifier setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    public ParamAvgClassifier setShards(int value) {
        set(shards(), value);
        return this;
    }

    public ParamAvgClassifier setAveragingFrequency(int value) {
        set(averagingFrequency(), value);
        return this;
    }

    public ParamAvgClassifier setSeed(long value) {
        set(seed(), value);
        return this;
    }

    public ParamAvgClassifier setTestFraction(double value) {
        set(testFraction(), value);
        return this;
    }

    public ParamAvgClassifier setIndexLabels(boolean value) {
        set(indexLabels(), value);
        return this;
    }

    public ParamAvgClassifier setNormalize(String value) {
        set(normalize(), value);
        return this;
    }

    public ParamAvgClassifier setLabelCol(String value) {
        set(labelCol(), value);
        return this;
    }

    public ParamAvgClassifier setOutputDir(String value) {
        set(outputDir, value);
        return this;
    }

    /** The run configuration these Params make, validated as a properties file would be. */
    public RunConfig runConfig() {
        Settings values = Settings.defaults();
        for (ConfigKey key : SettingParams.KEYS) {
            values = values.with(key.key(), SettingParams.text(getOrDefault(settings.get(key))), "ParamAvgClassifier "
                    + SettingParams.nameOf(key));
        }
        return RunConfig.from(values);
    }

    @Override
    public ParamAvgClassificationModel fit(Dataset<?> dataset) {
        checkSchema(dataset.schema(), true);
        RunConfig config = runConfig();
        SparkSession spark = dataset.sparkSession();
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        String out = getOrDefault(outputDir);
        try {
            if (out.isEmpty()) {
                out = Files.createTempDirectory("paramavg-fit-").toString();
            }
            LoadedData data = TableData.fromDataFrame(TableReader.frame(dataset.toDF(), getOrDefault(labelCol()),
                    getOrDefault(featuresCol())), config);
            // The driver is the caller's process and writes the outputs itself: its paths need no sharing.
            TrainingRequest request = TrainingRequest.builder(config, out).overwrite(true).sharedPaths(true)
                    .data(data).build();
            TrainingOutcome outcome = new TrainingService(conf, new Log()).train(request);
            byte[] model = SavedModel.bytes(outcome.folder() + "/" + OutputFiles.MODEL, conf);
            LOG.info("paramavg: fitted {} in {} s; test accuracy {} on {} {} rows; outputs in {}", uid,
                    String.format("%.1f", outcome.wallSeconds()), outcome.accuracy(), data.test().count(),
                    config.tables().testFraction() > 0 ? "held-out" : "training", outcome.folder());
            ParamAvgClassificationModel fitted = new ParamAvgClassificationModel(uid, model);
            copyValues(fitted, extractParamMap());
            fitted.setParent(this);
            return fitted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return checkSchema(schema, false);
    }

    private StructType checkSchema(StructType schema, boolean fitting) {
        String features = getOrDefault(featuresCol());
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(features)
                || !schema.apply(features).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("featuresCol '" + features + "' must be a column of ML Vectors; "
                    + "columns: " + schema.simpleString());
        }
        if (fitting && !java.util.Arrays.asList(schema.fieldNames()).contains(getOrDefault(labelCol()))) {
            throw new IllegalArgumentException("labelCol '" + getOrDefault(labelCol()) + "' is not a column; columns: "
                    + schema.simpleString());
        }
        return ParamAvgClassificationModel.outputSchema(schema, getOrDefault(predictionCol()),
                getOrDefault(probabilityCol()), getOrDefault(rawPredictionCol()));
    }

    @Override
    public ParamAvgClassifier copy(ParamMap extra) {
        return (ParamAvgClassifier) defaultCopy(extra);
    }

    public static MLReader<ParamAvgClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static ParamAvgClassifier load(String path) {
        return read().load(path);
    }

    /** Training progress to the log: a Spark job's driver has no console of its own. */
    private static final class Log implements RunEvents {
        @Override
        public void onMessage(String line) {
            LOG.info("paramavg: {}", line);
        }

        @Override
        public void onRound(io.paramavg.driver.engine.RoundReport report) {
        }

        @Override
        public void onEpoch(io.paramavg.driver.engine.EpochReport report, int epochs) {
            LOG.info("paramavg: epoch {}/{} loss {}", report.epoch() + 1, epochs, report.meanLoss());
        }
    }
}
