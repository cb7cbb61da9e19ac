package io.paramavg.driver.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every configuration key, declared once: its name, default and meaning. This is the only place
 * defaults live; {@code --help}, the README's reference and {@code conf/paramavg.properties} are
 * checked against it by tests.
 */
public enum ConfigKey {
    DATA_DIR("data.dir", "embedded",
            "Folder holding MNIST-named IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                    + "t10k-… or test-…) on any Hadoop file system: a local path, file://, hdfs://, s3a://. "
                    + "'embedded' is the 8,000 + 2,000 digit MNIST sample inside the jar."),
    DATA_TRAIN_IMAGES("data.train-images", "", "Training image file; empty means the one found in data.dir."),
    DATA_TRAIN_LABELS("data.train-labels", "", "Training label file; empty means the one found in data.dir."),
    DATA_TEST_IMAGES("data.test-images", "", "Held-out test image file; empty means the one found in data.dir."),
    DATA_TEST_LABELS("data.test-labels", "", "Held-out test label file; empty means the one found in data.dir."),
    DATA_CLASSES("data.classes", "0", "Number of classes, >= 0; 0 takes it from the training labels (largest + 1)."),

    MODEL_HIDDEN_LAYERS("model.hidden-layers", "256,128", "Units per hidden layer, comma-separated, input side first."),
    MODEL_ACTIVATION("model.activation", "relu", "Hidden-layer activation: relu, leakyrelu, tanh, sigmoid, elu, gelu."),
    MODEL_DROPOUT("model.dropout", "0.0", "Probability of dropping a hidden layer's input in training, in [0, 1)."),
    MODEL_L2("model.l2", "0.0", "L2 weight decay, >= 0."),
    MODEL_WEIGHT_INIT("model.weight-init", "relu", "Weight initialisation: xavier, relu (He), uniform, lecun_normal."),
    MODEL_UPDATER("model.updater", "adam", "Optimiser: adam, nesterovs, sgd."),
    MODEL_LEARNING_RATE("model.learning-rate", "0.001", "Initial learning rate, > 0."),
    MODEL_MOMENTUM("model.momentum", "0.9", "Momentum for nesterovs, in [0, 1)."),
    MODEL_LEARNING_RATE_DECAY("model.learning-rate-decay", "0.95",
            "Learning rate multiplier per epoch, in (0, 1]; 1.0 keeps it constant."),

    TRAIN_ENGINE("train.engine", "paramavg",
            "paramavg (executor-resident shards, parameters only on the wire) or dl4j-spark "
                    + "(DL4J's ParameterAveragingTrainingMaster, for comparison)."),
    TRAIN_EPOCHS("train.epochs", "15", "Passes over the training data, >= 1."),
    TRAIN_BATCH_SIZE("train.batch-size", "32", "Records per minibatch on each shard, >= 1."),
    TRAIN_SHARDS("train.shards", "0",
            "Shards the training set is split into (one Spark task each per round), >= 0; 0 uses Spark's "
                    + "default parallelism (the total executor cores)."),
    TRAIN_AVERAGING_FREQUENCY("train.averaging-frequency", "10",
            "Minibatches each shard fits between two averagings, >= 1."),
    TRAIN_SEED("train.seed", "42", "Run seed: the split, every shuffle and the initial weights derive from it."),
    TRAIN_EVAL_EVERY("train.eval-every", "1",
            "Evaluate on the test set every N epochs, >= 0; 0 only after the last epoch."),
    TRAIN_ND4J_THREADS("train.nd4j-threads", "0",
            "Native ND4J threads per task, >= 0; 0 uses spark.task.cpus (one per task core)."),
    TRAIN_CHECKPOINT_EVERY("train.checkpoint-every", "0",
            "Write a checkpoint (parameters, updater state, position) to <out>/checkpoints every N rounds, >= 0; "
                    + "0 writes one at the end of each epoch. paramavg engine only."),
    TRAIN_CHECKPOINT_KEEP("train.checkpoint-keep", "3", "Checkpoints kept (the newest), >= 1.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The key called {@code name}, if there is one. */
    public static Optional<ConfigKey> named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.key.equals(wanted)).findFirst();
    }

    /** All key names, comma-separated: what an unknown-key error lists. */
    public static String allNames() {
        return Arrays.stream(values()).map(ConfigKey::key).collect(Collectors.joining(", "));
    }
}
