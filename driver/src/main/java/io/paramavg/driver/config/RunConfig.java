package io.paramavg.driver.config;

import io.paramavg.driver.line.SparkLine;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.scaling.ScalingConfig;

/**
 * The complete, validated configuration of a run, built from {@link Settings}. Building it is the
 * one validation step: whatever is wrong surfaces here, before Spark starts.
 */
public record RunConfig(DataConfig data, ModelConfig model, TrainingConfig training, ScalingConfig scaling,
                        ValidationConfig validation, RetrainConfig retrain, Settings settings, TableConfig tables) {

    /** The keys of {@link ScalingConfig}, which checkpoints written before them lack. */
    public static final java.util.List<ConfigKey> SCALING_KEYS = java.util.List.of(ConfigKey.TRAIN_AVERAGING,
            ConfigKey.TRAIN_BLOCK_MOMENTUM, ConfigKey.TRAIN_BLOCK_LEARNING_RATE, ConfigKey.TRAIN_LEARNING_RATE_SCALING,
            ConfigKey.TRAIN_WARMUP_EPOCHS, ConfigKey.TRAIN_MOMENTS, ConfigKey.TRAIN_SCALING_FROM_SHARDS);

    /** Parses and validates every key; throws naming the first bad one. */
    public static RunConfig from(Settings s) {
        DataConfig data = new DataConfig(s.value(DataConfig.DIR), s.value(DataConfig.TRAIN_IMAGES),
                s.value(DataConfig.TRAIN_LABELS), s.value(DataConfig.TEST_IMAGES), s.value(DataConfig.TEST_LABELS),
                s.value(DataConfig.CLASSES));
        ModelConfig model = new ModelConfig(s.value(ModelConfig.HIDDEN_LAYERS), s.value(ModelConfig.ACTIVATION),
                s.value(ModelConfig.DROPOUT), s.value(ModelConfig.L2), s.value(ModelConfig.WEIGHT_INIT),
                s.value(ModelConfig.UPDATER), s.value(ModelConfig.LEARNING_RATE), s.value(ModelConfig.MOMENTUM),
                s.value(ModelConfig.LEARNING_RATE_DECAY));
        TrainingConfig training = new TrainingConfig(s.value(TrainingConfig.ENGINE), s.value(TrainingConfig.EPOCHS),
                s.value(TrainingConfig.BATCH_SIZE), s.value(TrainingConfig.SHARDS),
                s.value(TrainingConfig.AVERAGING_FREQUENCY), s.value(TrainingConfig.SEED),
                s.value(TrainingConfig.EVAL_EVERY), s.value(TrainingConfig.ND4J_THREADS),
                s.value(TrainingConfig.CHECKPOINT_EVERY), s.value(TrainingConfig.CHECKPOINT_KEEP));
        ScalingConfig scaling = scaling(s);
        ValidationConfig validation = new ValidationConfig(s.value(ValidationConfig.FRACTION),
                s.value(ValidationConfig.DATA), s.value(ValidationConfig.PATIENCE), s.value(ValidationConfig.METRIC),
                s.value(ValidationConfig.MIN_DELTA), s.value(ValidationConfig.RESTORE_BEST));
        if (validation.stopsEarly() && !validation.enabled()) {
            throw new ConfigException("train.early-stopping-patience needs validation data: set "
                    + "train.validation-fraction (0.2 holds out a fifth of the training set) or data.validation");
        }
        if (training.engine() == TrainingConfig.Engine.DL4J_SPARK && SparkLine.dl4jSparkUnavailable().isPresent()) {
            throw new ConfigException(SparkLine.dl4jSparkUnavailable().get());
        }
        if (validation.enabled() && training.engine() == TrainingConfig.Engine.DL4J_SPARK) {
            throw new ConfigException("validation data and early stopping need train.engine=paramavg; the dl4j-spark "
                    + "engine trains whole epochs inside DL4J's training master and cannot stop or keep the best one");
        }
        ExchangeConfig.from(s); // checked here with every other key, before Spark starts; read by exchange()
        MlflowConfig.from(s); // likewise; read by mlflow()
        RetrainConfig retrain = new RetrainConfig(s.value(RetrainConfig.MIN_IMPROVEMENT),
                s.value(RetrainConfig.KEEP));
        return new RunConfig(data, model, training, scaling, validation, retrain, s, TableConfig.from(s));
    }

    /**
     * The same run with the plain average and the configured learning rate, whatever the averaging
     * keys said, and its settings without those keys: how a checkpoint written before they existed
     * resumes, and what the resumed run records, so that resuming it again resumes it the same way.
     */
    public RunConfig withPlainAverage() {
        return new RunConfig(data, model, training, ScalingConfig.plainAverage(), validation, retrain,
                settings.without(SCALING_KEYS), tables);
    }

    /**
     * The same run with every averaging key that it leaves at its default taken from {@code saved} (a
     * checkpoint's settings) where the checkpoint recorded another value: a run started under an older
     * default resumes as it was trained, not under today's rule (the defaults of these keys have changed
     * the arithmetic before, and may again). A key set to anything but its default is left for
     * {@code ResumeCheck} to compare. {@link #scalingKeysTakenFrom} names what this changes.
     */
    public RunConfig withScalingDefaultsOf(java.util.Map<String, String> saved) {
        Settings s = settings;
        for (ConfigKey key : scalingKeysTakenFrom(saved)) {
            s = s.with(key.key(), saved.get(key.key()), "the checkpoint");
        }
        return new RunConfig(data, model, training, scaling(s), validation, retrain, s, tables);
    }

    /** The averaging keys {@link #withScalingDefaultsOf} takes from {@code saved}. */
    public java.util.List<ConfigKey> scalingKeysTakenFrom(java.util.Map<String, String> saved) {
        return SCALING_KEYS.stream().filter(key -> saved.containsKey(key.key())
                && settings.get(key).equals(key.defaultValue()) && !saved.get(key.key()).equals(key.defaultValue()))
                .toList();
    }

    private static ScalingConfig scaling(Settings s) {
        return new ScalingConfig(s.value(ScalingConfig.AVERAGING), s.value(ScalingConfig.BLOCK_MOMENTUM),
                s.value(ScalingConfig.BLOCK_LEARNING_RATE), s.value(ScalingConfig.LEARNING_RATE_SCALING),
                s.value(ScalingConfig.WARMUP_EPOCHS), s.value(ScalingConfig.MOMENTS), s.value(ScalingConfig.FROM_SHARDS));
    }

    /** How paramavg's own network protects what it carries. */
    public ExchangeConfig exchange() {
        return ExchangeConfig.from(settings);
    }

    /** Where the run is recorded in MLflow. */
    public MlflowConfig mlflow() {
        return MlflowConfig.from(settings);
    }

    /** The same run with the minibatch size resolved (see {@link TrainingConfig#autoBatchSize}). */
    public RunConfig withBatchSize(int batchSize) {
        return new RunConfig(data, model, training.withBatchSize(batchSize), scaling, validation, retrain,
                settings.with(ConfigKey.TRAIN_BATCH_SIZE, String.valueOf(batchSize)), tables);
    }

    /** The same run with the shard count resolved against the cluster. */
    public RunConfig withShards(int shards) {
        return new RunConfig(data, model, training.withShards(shards), scaling, validation, retrain,
                settings.with(ConfigKey.TRAIN_SHARDS, String.valueOf(shards)), tables);
    }
}
