package io.paramavg.driver.config;

import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.scaling.ScalingConfig;
import io.paramavg.worker.settings.Setting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry of configuration keys, in the order the documentation lists them. Each key's
 * default, rule and meaning are declared once, as a {@link Setting} beside the record field it
 * fills ({@link DataConfig}, {@link TableConfig}, {@link ModelConfig}, {@link TrainingConfig},
 * {@link ScalingConfig}, {@link ValidationConfig}, {@link ExchangeConfig}, {@link RetrainConfig},
 * {@link EvaluateConfig}, {@link MlflowConfig}); {@code --help}, {@code conf/paramavg.properties} and {@code docs/configuration.md} are generated
 * from here ({@link ConfigReference}) and tests check the shipped files against it.
 */
public enum ConfigKey {
    DATA_DIR(DataConfig.DIR),
    DATA_TRAIN_IMAGES(DataConfig.TRAIN_IMAGES),
    DATA_TRAIN_LABELS(DataConfig.TRAIN_LABELS),
    DATA_TEST_IMAGES(DataConfig.TEST_IMAGES),
    DATA_TEST_LABELS(DataConfig.TEST_LABELS),
    DATA_CLASSES(DataConfig.CLASSES),
    DATA_FORMAT(TableConfig.FORMAT),
    DATA_TEST(TableConfig.TEST),
    DATA_LABEL_COLUMN(TableConfig.LABEL_COLUMN),
    DATA_FEATURES_COLUMN(TableConfig.FEATURES_COLUMN),
    DATA_TEST_FRACTION(TableConfig.TEST_FRACTION),
    DATA_INDEX_LABELS(TableConfig.INDEX_LABELS),
    DATA_NORMALIZE(TableConfig.NORMALIZE),
    DATA_FEATURE_COUNT(TableConfig.FEATURE_COUNT),
    DATA_VALIDATION(ValidationConfig.DATA),

    MODEL_HIDDEN_LAYERS(ModelConfig.HIDDEN_LAYERS),
    MODEL_ACTIVATION(ModelConfig.ACTIVATION),
    MODEL_DROPOUT(ModelConfig.DROPOUT),
    MODEL_L2(ModelConfig.L2),
    MODEL_WEIGHT_INIT(ModelConfig.WEIGHT_INIT),
    MODEL_UPDATER(ModelConfig.UPDATER),
    MODEL_LEARNING_RATE(ModelConfig.LEARNING_RATE),
    MODEL_MOMENTUM(ModelConfig.MOMENTUM),
    MODEL_LEARNING_RATE_DECAY(ModelConfig.LEARNING_RATE_DECAY),

    TRAIN_ENGINE(TrainingConfig.ENGINE),
    TRAIN_EPOCHS(TrainingConfig.EPOCHS),
    TRAIN_BATCH_SIZE(TrainingConfig.BATCH_SIZE),
    TRAIN_SHARDS(TrainingConfig.SHARDS),
    TRAIN_AVERAGING_FREQUENCY(TrainingConfig.AVERAGING_FREQUENCY),
    TRAIN_AVERAGING(ScalingConfig.AVERAGING),
    TRAIN_BLOCK_MOMENTUM(ScalingConfig.BLOCK_MOMENTUM),
    TRAIN_BLOCK_LEARNING_RATE(ScalingConfig.BLOCK_LEARNING_RATE),
    TRAIN_LEARNING_RATE_SCALING(ScalingConfig.LEARNING_RATE_SCALING),
    TRAIN_WARMUP_EPOCHS(ScalingConfig.WARMUP_EPOCHS),
    TRAIN_MOMENTS(ScalingConfig.MOMENTS),
    TRAIN_SCALING_FROM_SHARDS(ScalingConfig.FROM_SHARDS),
    TRAIN_SEED(TrainingConfig.SEED),
    TRAIN_EVAL_EVERY(TrainingConfig.EVAL_EVERY),
    TRAIN_ND4J_THREADS(TrainingConfig.ND4J_THREADS),
    TRAIN_CHECKPOINT_EVERY(TrainingConfig.CHECKPOINT_EVERY),
    TRAIN_CHECKPOINT_KEEP(TrainingConfig.CHECKPOINT_KEEP),
    TRAIN_VALIDATION_FRACTION(ValidationConfig.FRACTION),
    TRAIN_EARLY_STOPPING_PATIENCE(ValidationConfig.PATIENCE),
    TRAIN_EARLY_STOPPING_METRIC(ValidationConfig.METRIC),
    TRAIN_EARLY_STOPPING_MIN_DELTA(ValidationConfig.MIN_DELTA),
    TRAIN_RESTORE_BEST(ValidationConfig.RESTORE_BEST),
    TRAIN_EXCHANGE_ENCRYPTION(ExchangeConfig.ENCRYPTION),
    TRAIN_ALLOW_UNAUTHENTICATED_SPARK(ExchangeConfig.OPEN_SPARK),

    RETRAIN_MIN_IMPROVEMENT(RetrainConfig.MIN_IMPROVEMENT),
    RETRAIN_KEEP(RetrainConfig.KEEP),

    EVALUATE_SHARDS(EvaluateConfig.SHARDS),

    MLFLOW_TRACKING_URI(MlflowConfig.TRACKING_URI),
    MLFLOW_EXPERIMENT(MlflowConfig.EXPERIMENT),
    MLFLOW_RUN_NAME(MlflowConfig.RUN_NAME),
    MLFLOW_REGISTERED_MODEL(MlflowConfig.REGISTERED_MODEL),
    MLFLOW_ALIAS(MlflowConfig.ALIAS);

    private final Setting<?> setting;

    ConfigKey(Setting<?> setting) {
        this.setting = setting;
    }

    public Setting<?> setting() {
        return setting;
    }

    public String key() {
        return setting.key();
    }

    /** The default as configuration writes it. */
    public String defaultValue() {
        return setting.defaultText();
    }

    /** What the key means and which values it allows. */
    public String description() {
        return setting.description();
    }

    /** The key called {@code name}, if there is one. */
    public static Optional<ConfigKey> named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.key().equals(wanted)).findFirst();
    }

    /** The key whose declaration is {@code setting}. */
    public static ConfigKey of(Setting<?> setting) {
        return Arrays.stream(values()).filter(k -> k.setting == setting).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(setting.key() + " is not in the registry"));
    }

    /** All key names, comma-separated: what an unknown-key error lists. */
    public static String allNames() {
        return Arrays.stream(values()).map(ConfigKey::key).collect(Collectors.joining(", "));
    }
}
