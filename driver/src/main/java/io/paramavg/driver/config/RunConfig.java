package io.paramavg.driver.config;

import io.paramavg.worker.model.ModelConfig;

/**
 * The complete, validated configuration of a run, built from {@link Settings}. Building it is the
 * one validation step: whatever is wrong surfaces here, before Spark starts.
 */
public record RunConfig(DataConfig data, ModelConfig model, TrainingConfig training, Settings settings) {

    /** Parses and validates every key; throws {@link ConfigException} naming the first bad one. */
    public static RunConfig from(Settings s) {
        DataConfig data = new DataConfig(s.get(ConfigKey.DATA_DIR), s.get(ConfigKey.DATA_TRAIN_IMAGES),
                s.get(ConfigKey.DATA_TRAIN_LABELS), s.get(ConfigKey.DATA_TEST_IMAGES),
                s.get(ConfigKey.DATA_TEST_LABELS), s.getInt(ConfigKey.DATA_CLASSES, 0));
        ModelConfig model;
        try {
            model = new ModelConfig(s.getIntList(ConfigKey.MODEL_HIDDEN_LAYERS),
                    s.getEnum(ConfigKey.MODEL_ACTIVATION, ModelConfig.Activation.class),
                    s.getDouble(ConfigKey.MODEL_DROPOUT), s.getDouble(ConfigKey.MODEL_L2),
                    s.getEnum(ConfigKey.MODEL_WEIGHT_INIT, ModelConfig.WeightInit.class),
                    s.getEnum(ConfigKey.MODEL_UPDATER, ModelConfig.Updater.class),
                    s.getDouble(ConfigKey.MODEL_LEARNING_RATE), s.getDouble(ConfigKey.MODEL_MOMENTUM),
                    s.getDouble(ConfigKey.MODEL_LEARNING_RATE_DECAY));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        TrainingConfig training = new TrainingConfig(
                s.getEnum(ConfigKey.TRAIN_ENGINE, TrainingConfig.Engine.class),
                s.getInt(ConfigKey.TRAIN_EPOCHS, 1), s.getInt(ConfigKey.TRAIN_BATCH_SIZE, 1),
                s.getInt(ConfigKey.TRAIN_SHARDS, 0), s.getInt(ConfigKey.TRAIN_AVERAGING_FREQUENCY, 1),
                s.getLong(ConfigKey.TRAIN_SEED), s.getInt(ConfigKey.TRAIN_EVAL_EVERY, 0),
                s.getInt(ConfigKey.TRAIN_ND4J_THREADS, 0), s.getInt(ConfigKey.TRAIN_CHECKPOINT_EVERY, 0),
                s.getInt(ConfigKey.TRAIN_CHECKPOINT_KEEP, 1));
        return new RunConfig(data, model, training, s);
    }

    /** The same run with the shard count resolved against the cluster. */
    public RunConfig withShards(int shards) {
        return new RunConfig(data, model, training.withShards(shards),
                settings.with(ConfigKey.TRAIN_SHARDS, String.valueOf(shards)));
    }
}
