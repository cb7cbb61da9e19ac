package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.spark.SparkContexts;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The options several commands take, declared once so that each reads, and is documented, the same
 * everywhere: how a table is read, a run's configuration, the Spark master and the common flags; and
 * how a command turns them into {@link Settings}.
 */
final class SharedOptions {
    /** How a table is read (its format, label and features columns): train, evaluate and predict read tables. */
    static final List<Option> TABLE = List.of(
            Option.forKey("--format", "NAME", ConfigKey.DATA_FORMAT),
            Option.forKey("--label-col", "COLUMN", ConfigKey.DATA_LABEL_COLUMN),
            Option.forKey("--features-col", "COLUMN", ConfigKey.DATA_FEATURES_COLUMN));
    /** The options that make up a run's configuration: train, retrain and tune. */
    static final List<Option> CONFIGURATION = Option.join(List.of(
            Option.forKey("--data", "PATH", ConfigKey.DATA_DIR),
            Option.forKey("--test-data", "PATH", ConfigKey.DATA_TEST),
            Option.forKey("--validation-data", "PATH", ConfigKey.DATA_VALIDATION)),
            TABLE, List.of(
            Option.flag("--index-labels", "Map any label values to classes 0..K-1 in sorted order (the key "
                    + "data.index-labels=true)."),
            Option.forKey("--epochs", "N", ConfigKey.TRAIN_EPOCHS),
            Option.forKey("--shards", "N", ConfigKey.TRAIN_SHARDS),
            Option.forKey("--averaging-frequency", "N", ConfigKey.TRAIN_AVERAGING_FREQUENCY),
            Option.forKey("--batch-size", "N", ConfigKey.TRAIN_BATCH_SIZE),
            Option.forKey("--seed", "N", ConfigKey.TRAIN_SEED),
            Option.forKey("--engine", "NAME", ConfigKey.TRAIN_ENGINE),
            Option.valued("--config", "FILE", "Java properties file of configuration keys (see "
                    + "conf/paramavg.properties, or 'paramavg config', for every key).", null),
            Option.repeated("--set", "KEY=VALUE", "Set any configuration key; repeatable; wins over --config "
                    + "and the options above.")));
    static final Option MASTER = Option.valued("--master", "URL", "Spark master: local[N], spark://host:port, yarn, "
            + "k8s://... Under spark-submit, spark-submit's own --master applies.", SparkContexts.DEFAULT_MASTER);
    static final Option SHARED_PATHS = Option.flag("--shared-paths", "On a cluster, accept local --data and --out "
            + "paths: you vouch that they are on a mount every host shares (otherwise only hdfs://, s3a://... are "
            + "accepted there).");
    static final Option VERBOSE = Option.flag("--verbose", "Show Spark's INFO logs and full stack traces.");
    static final Option HELP = Option.flag("--help", "Show this help.");
    /** What train, retrain and tune take after their own options. */
    static final List<Option> TRAINING = Option.join(List.of(SHARED_PATHS), CONFIGURATION,
            List.of(MASTER, VERBOSE, HELP));

    private SharedOptions() {
    }

    /** Defaults, then --config, then the key options of {@code options}, then every --set, each checked as applied. */
    static Settings settings(ParsedArguments arguments, List<Option> options) {
        Settings settings = Settings.defaults();
        if (arguments.has("--config")) {
            settings = settings.withFile(Path.of(arguments.last("--config", null)));
        }
        for (Option option : options) {
            if (option.key() != null && arguments.has(option.name())) {
                settings = settings.with(option.key().key(), arguments.last(option.name(), null), option.name());
            }
        }
        if (arguments.has("--index-labels")) {
            settings = settings.with(ConfigKey.DATA_INDEX_LABELS.key(), "true", "--index-labels");
        }
        for (String assignment : arguments.all("--set")) {
            settings = settings.withAssignment(assignment);
        }
        return settings;
    }

    /** Now, as the default output folders of train and tune name it: {@code yyyyMMdd-HHmmss}. */
    static String timestamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
