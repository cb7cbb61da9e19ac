package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.service.TrainingOutcome;
import io.paramavg.driver.service.TrainingRequest;
import io.paramavg.driver.service.TrainingService;
import io.paramavg.driver.spark.SparkContexts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** {@code paramavg train}: parses the options into a {@link TrainingRequest}, runs it, prints the outcome. */
final class TrainCommand implements Command {
    /** How a table is read (its format, label and features columns): train, evaluate and predict read tables. */
    static final List<Option> TABLE_OPTIONS = List.of(
            Option.forKey("--format", "NAME", ConfigKey.DATA_FORMAT),
            Option.forKey("--label-col", "COLUMN", ConfigKey.DATA_LABEL_COLUMN),
            Option.forKey("--features-col", "COLUMN", ConfigKey.DATA_FEATURES_COLUMN));
    /** The options that make up a run's configuration, shared with retrain and tune. */
    static final List<Option> CONFIGURATION_OPTIONS = Option.join(List.of(
            Option.forKey("--data", "PATH", ConfigKey.DATA_DIR),
            Option.forKey("--test-data", "PATH", ConfigKey.DATA_TEST),
            Option.forKey("--validation-data", "PATH", ConfigKey.DATA_VALIDATION)),
            TABLE_OPTIONS, List.of(
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
    static final List<Option> TRAINING_OPTIONS = Option.join(List.of(SHARED_PATHS), CONFIGURATION_OPTIONS,
            List.of(MASTER, VERBOSE, HELP));

    private final PrintStream out;
    private final HadoopConf conf;

    TrainCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train an MLP with parameter averaging on Spark, evaluate it on held-out data";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg train [options]

                Trains an MLP with parameter averaging on Spark: the training set is split into shards that
                stay on the executors, each round every shard fits a few minibatches from the current
                parameters, and the parameters are averaged. Prints one line per epoch and the held-out test
                accuracy; writes model.zip (DL4J ModelSerializer, with the manifest inside), metrics.json,
                manifest.json, report.html and checkpoints/ (for --resume).

                All configuration keys, with defaults, are in conf/paramavg.properties and docs/configuration.md.
                """;
    }

    @Override
    public List<Option> options() {
        return Option.join(List.of(
                Option.valued("--out", "DIR", "Output folder for model.zip, metrics.json, manifest.json and "
                        + "report.html, on any Hadoop file system.", "runs/<date>-<time>"),
                Option.flag("--overwrite", "Replace a model already in --out (otherwise the run refuses to start)."),
                Option.flag("--resume", "Continue the interrupted run in --out from its newest checkpoint "
                        + "(--out/checkpoints), with the same configuration it was started with."),
                Option.flag("--break-lock", "Remove a stale lock on --out left by a run that no longer runs.")),
                TRAINING_OPTIONS);
    }

    @Override
    public ExitCode run(ParsedArguments arguments) throws IOException {
        TrainingRequest request = request(arguments);
        ProgressPrinter progress = new ProgressPrinter(out, System.console() != null);
        TrainingOutcome outcome = new TrainingService(conf, progress).train(request);
        int ran = outcome.result().epochs().isEmpty() ? outcome.config().training().epochs()
                : outcome.result().epochs().get(outcome.result().epochs().size() - 1).epoch() + 1;
        String epochs = outcome.result().stoppedEarly()
                ? String.format(Locale.ROOT, "stopped early after %d of %d epochs", ran,
                        outcome.config().training().epochs())
                : ran + " epochs";
        int best = outcome.result().bestEpoch() + 1;
        String kept = best == 0 ? ""
                : outcome.config().validation().restoreBest() ? "; the model is epoch " + best + "'s, the best on "
                + "validation data" : "; the model is the last epoch's, the best on validation data was epoch " + best;
        out.printf(Locale.ROOT, "test accuracy %.4f on %,d held-out records (%s, %.1f s%s)%n", outcome.accuracy(),
                outcome.data().test().count(), epochs, outcome.wallSeconds(), kept);
        out.println("wrote " + outcome.folder() + "/{" + String.join(", ", OutputFiles.RUN_FILES) + "}");
        return ExitCode.OK;
    }

    static TrainingRequest request(ParsedArguments arguments) {
        if (arguments.has("--resume") && !arguments.has("--out")) {
            throw UsageException.of("--resume needs --out: the folder of the run to continue");
        }
        RunConfig config = RunConfig.from(settings(arguments, CONFIGURATION_OPTIONS));
        return TrainingRequest.builder(config, arguments.last("--out", defaultOutput()))
                .overwrite(arguments.has("--overwrite"))
                .resume(arguments.has("--resume"))
                .breakLock(arguments.has("--break-lock"))
                .sharedPaths(arguments.has("--shared-paths"))
                .master(arguments.last("--master", null))
                .build();
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

    static String defaultOutput() {
        return "runs/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
