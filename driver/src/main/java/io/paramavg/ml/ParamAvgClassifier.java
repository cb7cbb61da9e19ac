package io.paramavg.ml;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.table.TableData;
import io.paramavg.driver.data.table.TableInput;
import io.paramavg.driver.data.table.TableReader;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.service.RunEvents;
import io.paramavg.driver.service.TrainingOutcome;
import io.paramavg.driver.service.TrainingRequest;
import io.paramavg.driver.service.TrainingService;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * paramavg as a Spark ML {@code Estimator}: {@link #fit} trains an MLP with parameter averaging on
 * the rows of a DataFrame (an ML {@code Vector} features column and a numeric or text label column)
 * through the same {@code TrainingService} as {@code paramavg train}: the same engine, shards,
 * checkpoints, metrics and model.zip. Every configuration key that shapes the model or its training
 * is a Param with the key's default and rule ({@link SettingParams}); {@code data.test-fraction}
 * holds out rows for the run's reported test metrics (0: they are measured on the training rows).
 * The run's outputs go to {@code outputDir} (default: a new temporary folder, removed when the fit
 * ends). The fitted model has the estimator's Params ({@link TrainingParams}) with the values the fit
 * used. {@link #setValidationData} gives the fit validation rows for per-epoch validation metrics and
 * early stopping. A {@code ProbabilisticClassifier}, as MLlib's classifiers are, with their column Params and
 * setters, so that {@code OneVsRest} takes it; its {@link #fit} is its own rather than {@code Predictor}'s, which
 * would cast the label to a number: text labels are indexed by the training service.
 */
public class ParamAvgClassifier
        extends ProbabilisticClassifier<Vector, ParamAvgClassifier, ParamAvgClassificationModel>
        implements DefaultParamsWritable, SettingParams.ParamsAccess, TrainingParams,
        ColumnParams<ParamAvgClassifier> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParamAvgClassifier.class);
    /** The validation DataFrame's name in messages, the manifest's inputs and its data.validation. */
    static final String VALIDATION_DATA = "the validation DataFrame";

    private final String uid;
    private final Param<?>[] all;
    // Data, not a setting: not a Param and not saved with the estimator, as XGBoost4J-Spark's eval dataset.
    private transient Dataset<?> validationData;

    public ParamAvgClassifier() {
        this(Identifiable$.MODULE$.randomUID("paramAvgClassifier"));
    }

    /** With a given uid: what Spark ML's readers and {@code copy} call. */
    public ParamAvgClassifier(String uid) {
        this(StageUid.pending(uid), true);
    }

    /**
     * Runs once {@link StageUid#pending} holds the uid, so that the MLlib superclass's Params get it as their
     * parent; {@code uidPending} only tells this constructor apart from the public ones.
     */
    @SuppressWarnings("unused")
    private ParamAvgClassifier(String uid, boolean uidPending) {
        this.uid = uid;
        StageUid.constructed();
        all = SettingParams.ofStage(this).toArray(new Param<?>[0]);
    }

    @Override
    public String uid() {
        return StageUid.of(uid);
    }

    @Override
    public Param<?>[] params() {
        return all.clone();
    }

    @Override
    public <T> void defaultTo(Param<T> param, T value) {
        setDefault(param, value);
    }

    @Override
    public <T> void setTo(Param<T> param, T value) {
        set(param, value);
    }

    /**
     * Validation rows for the fit, as XGBoost4J-Spark's {@code setEvalDataset}: scored after every epoch
     * (validation loss and accuracy in metrics.json and the log), judged by {@code earlyStoppingPatience},
     * {@code earlyStoppingMetric}, {@code earlyStoppingMinDelta} and {@code restoreBest}, exactly as
     * {@code data.validation} is for {@code paramavg train}. It needs the training DataFrame's features and
     * label columns; its labels are mapped and its features scaled as the training rows'. Not a Param:
     * kept by {@code copy} (so tuning's fits use it), not saved. {@code null} removes it.
     */
    public ParamAvgClassifier setValidationData(Dataset<?> validation) {
        validationData = validation;
        return this;
    }

    /** The validation DataFrame given to {@link #setValidationData}, if any. */
    public Optional<Dataset<?>> getValidationData() {
        return Optional.ofNullable(validationData);
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

    public ParamAvgClassifier setValidationFraction(double value) {
        set(validationFraction(), value);
        return this;
    }

    public ParamAvgClassifier setEarlyStoppingPatience(int value) {
        set(earlyStoppingPatience(), value);
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

    /**
     * Marks the fit's validation rows by a boolean column of the training DataFrame (true: validation), as
     * MLlib's GBTs and xgboost.spark do: the rows marked true are the run's data.validation, exactly as a
     * DataFrame given to {@link #setValidationData}, and the rest train. A Param, unlike the validation
     * DataFrame, so it survives a {@code Pipeline}, persistence and Spark Connect (whose ML sends Params,
     * not DataFrames). Null counts as false.
     */
    public ParamAvgClassifier setValidationIndicatorCol(String value) {
        set(validationIndicatorCol(), value);
        return this;
    }

    public ParamAvgClassifier setOutputDir(String value) {
        set(outputDir(), value);
        return this;
    }

    /** The run configuration these Params make, validated as a properties file would be. */
    public RunConfig runConfig() {
        return RunConfig.from(settings());
    }

    private Settings settings() {
        Settings values = Settings.defaults();
        for (ConfigKey key : SettingParams.KEYS) {
            String name = SettingParams.nameOf(key);
            values = values.with(key.key(), SettingParams.text(key, getOrDefault(getParam(name))), "ParamAvgClassifier "
                    + name);
        }
        return values;
    }

    /**
     * The settings with the validation rows, named {@code name} in messages, as the run's data.validation: what
     * early stopping asks for.
     */
    private RunConfig fitConfig(Dataset<?> validation, String name) {
        if (validation == null) {
            return runConfig();
        }
        if (getValidationFraction() > 0) {
            String other = indicator().isEmpty() ? "setValidationData" : "validationIndicatorCol";
            String given = indicator().isEmpty() ? "a validation DataFrame" : "column '" + indicator() + "'";
            throw new IllegalArgumentException("validation rows come from validationFraction or " + other
                    + ", found both (" + getValidationFraction() + " and " + given + "): choose one");
        }
        return RunConfig.from(settings().with(ConfigKey.DATA_VALIDATION.key(), name,
                "ParamAvgClassifier validation rows"));
    }

    /** The validation indicator column's name, or empty when none is set. */
    private String indicator() {
        return isDefined(validationIndicatorCol()) ? getOrDefault(validationIndicatorCol()) : "";
    }

    /** What {@code Predictor.fit} would call; {@link #fit} is this stage's, so this is the same fit. */
    @Override
    public ParamAvgClassificationModel train(Dataset<?> dataset) {
        return fit(dataset);
    }

    @Override
    public ParamAvgClassificationModel fit(Dataset<?> dataset) {
        checkSchema(dataset.schema(), true, "");
        Dataset<Row> training = dataset.toDF();
        Dataset<?> validationRows = validationData;
        String validationName = VALIDATION_DATA;
        String indicator = indicator();
        if (!indicator.isEmpty()) {
            if (validationData != null) {
                throw new IllegalArgumentException("validation rows come from validationIndicatorCol or "
                        + "setValidationData, found both (column '" + indicator + "' and a validation DataFrame): "
                        + "choose one");
            }
            // Null is training, as false: coalesce before splitting, so every row lands on one side.
            Column marked = functions.coalesce(functions.col(indicator), functions.lit(false));
            validationRows = training.filter(marked);
            training = training.filter(functions.not(marked));
            validationName = "the rows where validationIndicatorCol '" + indicator + "' is true";
        }
        if (validationRows != null) {
            checkSchema(validationRows.schema(), true, validationName + ": ");
        }
        RunConfig config = fitConfig(validationRows, validationName);
        SparkSession spark = dataset.sparkSession();
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        try (RunFolder folder = RunFolder.of(getOutputDir())) {
            String out = folder.location();
            String label = getOrDefault(labelCol());
            String features = getOrDefault(featuresCol());
            String name = validationName;
            Optional<TableInput> validation = Optional.ofNullable(validationRows)
                    .map(frame -> TableReader.frame(frame.toDF(), name, label, features));
            LoadedData data = TableData.fromDataFrame(TableReader.frame(training, label, features), validation,
                    config);
            // The driver is the caller's process and writes the outputs itself: its paths need no sharing.
            TrainingRequest request = TrainingRequest.builder(config, out).overwrite(true).sharedPaths(true)
                    .data(data).build();
            TrainingOutcome outcome = new TrainingService(conf, new Log()).train(request);
            byte[] model = SavedModel.bytes(outcome.folder() + "/" + OutputFiles.MODEL, conf);
            LOG.info("paramavg: fitted {} in {} s; test accuracy {} on {} {} rows; outputs {}", uid,
                    String.format("%.1f", outcome.wallSeconds()), outcome.accuracy(), data.test().count(),
                    config.tables().testFraction() > 0 ? "held-out" : "training", folder.isTemporary()
                            ? "in a temporary folder, removed (set outputDir to keep them)" : "in " + outcome.folder());
            ParamAvgClassificationModel fitted = new ParamAvgClassificationModel(uid, model);
            copyValues(fitted, extractParamMap());
            // What auto (0) became in this run: the model says what it was trained with.
            TrainingConfig trained = outcome.config().training();
            fitted.set(fitted.getParam(SettingParams.nameOf(ConfigKey.TRAIN_SHARDS)), trained.shards());
            fitted.set(fitted.getParam(SettingParams.nameOf(ConfigKey.TRAIN_BATCH_SIZE)), trained.batchSize());
            fitted.setParent(this);
            return fitted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return checkSchema(schema, false, "");
    }

    /** {@code schema} checked for the columns a fit reads; {@code which} begins messages about another DataFrame. */
    private StructType checkSchema(StructType schema, boolean fitting, String which) {
        String features = getOrDefault(featuresCol());
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(features)
                || !schema.apply(features).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException(which + "featuresCol '" + features + "' must be a column of ML "
                    + "Vectors; columns: " + schema.simpleString());
        }
        if (fitting && !java.util.Arrays.asList(schema.fieldNames()).contains(getOrDefault(labelCol()))) {
            throw new IllegalArgumentException(which + "labelCol '" + getOrDefault(labelCol()) + "' is not a column; "
                    + "columns: " + schema.simpleString());
        }
        String indicator = indicator();
        if (fitting && !indicator.isEmpty() && (!java.util.Arrays.asList(schema.fieldNames()).contains(indicator)
                || !schema.apply(indicator).dataType().equals(DataTypes.BooleanType))) {
            throw new IllegalArgumentException(which + "validationIndicatorCol '" + indicator + "' must be a boolean "
                    + "column (true: a validation row); columns: " + schema.simpleString());
        }
        // The predicted label's type is the labels' own, which only the fit finds out: the model's schema says it.
        return ParamAvgClassificationModel.outputSchema(schema, getPredictionCol(), getProbabilityCol(),
                getRawPredictionCol(), getPredictedLabelCol(), null);
    }

    @Override
    public ParamAvgClassifier copy(ParamMap extra) {
        ParamAvgClassifier copy = (ParamAvgClassifier) defaultCopy(extra);
        copy.validationData = validationData;
        return copy;
    }

    public static MLReader<ParamAvgClassifier> read() {
        return new Reader();
    }

    public static ParamAvgClassifier load(String path) {
        return read().load(path);
    }

    /** Spark ML's own reader, then auto settings saved as NaN by an older paramavg read as today's auto. */
    private static final class Reader extends MLReader<ParamAvgClassifier> {
        @Override
        public ParamAvgClassifier load(String path) {
            ParamAvgClassifier stage = new DefaultParamsReader<ParamAvgClassifier>().session(sparkSession()).load(path);
            AutoSettings.normalise(stage);
            return stage;
        }
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
            if (report.validation() == null) {
                LOG.info("paramavg: epoch {}/{} loss {}", report.epoch() + 1, epochs, report.meanLoss());
            } else {
                LOG.info("paramavg: epoch {}/{} loss {} val loss {} val accuracy {}", report.epoch() + 1, epochs,
                        report.meanLoss(), report.validation().meanLoss(), report.validation().accuracy());
            }
        }
    }
}
