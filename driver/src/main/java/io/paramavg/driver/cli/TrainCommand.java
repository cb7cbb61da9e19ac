package io.paramavg.driver.cli;

import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.checkpoint.CheckpointStore;
import io.paramavg.driver.checkpoint.ResumeCheck;
import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.DataFile;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.engine.Checkpointing;
import io.paramavg.driver.engine.Dl4jSparkEngine;
import io.paramavg.driver.engine.ParamAvgEngine;
import io.paramavg.driver.engine.TrainingEngine;
import io.paramavg.driver.engine.TrainingResult;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.Manifest;
import io.paramavg.driver.output.Metrics;
import io.paramavg.driver.output.Report;
import io.paramavg.driver.output.RunLock;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.spark.ExecutorSlots;
import io.paramavg.driver.spark.SparkContexts;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import scala.Tuple2;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code paramavg train}: validate everything, then train, evaluate and write the outputs. The
 * order matters: configuration, then output folder, then data are all checked before Spark starts,
 * so a bad run fails in seconds and leaves nothing behind.
 */
public final class TrainCommand {
    static final List<Option> OPTIONS = List.of(
            Option.forKey("--data", "DIR", ConfigKey.DATA_DIR),
            Option.valued("--out", "DIR", "Output folder for model.zip, metrics.json and manifest.json, on any "
                    + "Hadoop file system.", "runs/<date>-<time>"),
            Option.flag("--overwrite", "Replace a model already in --out (otherwise the run refuses to start)."),
            Option.flag("--resume", "Continue the interrupted run in --out from its newest checkpoint "
                    + "(--out/checkpoints), with the same configuration it was started with."),
            Option.flag("--break-lock", "Remove a stale lock on --out left by a run that no longer runs."),
            Option.flag("--shared-paths", "On a cluster, accept local --data and --out paths: you vouch that they "
                    + "are on a mount every host shares (otherwise only hdfs://, s3a://... are accepted there)."),
            Option.forKey("--epochs", "N", ConfigKey.TRAIN_EPOCHS),
            Option.forKey("--shards", "N", ConfigKey.TRAIN_SHARDS),
            Option.forKey("--averaging-frequency", "N", ConfigKey.TRAIN_AVERAGING_FREQUENCY),
            Option.forKey("--batch-size", "N", ConfigKey.TRAIN_BATCH_SIZE),
            Option.forKey("--seed", "N", ConfigKey.TRAIN_SEED),
            Option.forKey("--engine", "NAME", ConfigKey.TRAIN_ENGINE),
            Option.valued("--master", "URL", "Spark master: local[N], spark://host:port, yarn, k8s://... "
                    + "Under spark-submit, spark-submit's own --master applies.", SparkContexts.DEFAULT_MASTER),
            Option.valued("--config", "FILE", "Java properties file of configuration keys (see "
                    + "conf/paramavg.properties for every key).", null),
            Option.valued("--set", "KEY=VALUE", "Set any configuration key; repeatable; wins over --config "
                    + "and the options above.", null),
            Option.flag("--verbose", "Show Spark's INFO logs and full stack traces."),
            Option.flag("--help", "Show this help."));

    private final PrintStream out;
    private final PrintStream err;

    public TrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static String help() {
        return Option.helpPage("""
                Usage: paramavg train [options]

                Trains an MLP with parameter averaging on Spark: the training set is split into shards that
                stay on the executors, each round every shard fits a few minibatches from the current
                parameters, and the driver averages the results. Prints one line per epoch and the held-out
                test accuracy; writes model.zip (DL4J ModelSerializer), metrics.json, manifest.json, report.html
                and checkpoints/ (for --resume).

                All configuration keys, with defaults, are in conf/paramavg.properties and the README.
                """, OPTIONS);
    }

    /**
     * The validated request: everything needed to start, parsed from {@code args}. {@code data} and
     * {@code warmStart} are null unless a caller supplies them (scheduled retraining).
     */
    record Request(RunConfig config, String out, boolean overwrite, boolean resume, boolean breakLock,
                   boolean sharedPaths, String master, boolean verbose, LoadedData data, ModelState warmStart) {
        /**
         * The same request on {@code loaded}, data its caller has already read and checked (so it is
         * not read twice), starting from {@code state}, or from fresh weights if {@code state} is null.
         */
        Request retraining(LoadedData loaded, ModelState state) {
            return new Request(config, out, overwrite, resume, breakLock, sharedPaths, master, verbose, loaded, state);
        }
    }

    static Request parse(String[] args) {
        ParsedArguments parsed = ParsedArguments.parse(args, OPTIONS);
        if (!parsed.positional().isEmpty()) {
            throw UsageException.of("unexpected argument '" + parsed.positional().get(0) + "'");
        }
        Settings settings = settings(parsed, OPTIONS);
        String outDir = parsed.last("--out", defaultOutput());
        if (parsed.has("--resume") && !parsed.has("--out")) {
            throw UsageException.of("--resume needs --out: the folder of the run to continue");
        }
        if (parsed.has("--resume") && parsed.has("--overwrite")) {
            throw UsageException.of("--resume continues the run in --out and --overwrite starts it over: choose one");
        }
        return new Request(RunConfig.from(settings), outDir, parsed.has("--overwrite"), parsed.has("--resume"),
                parsed.has("--break-lock"), parsed.has("--shared-paths"),
                parsed.last("--master", null), parsed.has("--verbose"), null, null);
    }

    /** Defaults, then --config, then the key options of {@code options}, then every --set. */
    static Settings settings(ParsedArguments parsed, List<Option> options) {
        Settings settings = Settings.defaults();
        if (parsed.has("--config")) {
            settings = settings.withFile(Path.of(parsed.last("--config", null)));
        }
        for (Option option : options) {
            if (option.key() != null && parsed.has(option.name())) {
                settings = settings.with(option.key().key(), parsed.last(option.name(), null), option.name());
            }
        }
        for (String assignment : parsed.all("--set")) {
            settings = settings.withAssignment(assignment);
        }
        return settings;
    }

    static String defaultOutput() {
        return "runs/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /** Runs a parsed request; exceptions carry the failure to {@link Main}'s exit-code mapping. */
    ExitCode run(Request request) throws IOException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RunConfig config = request.config();
        HadoopConf hadoopConf = new HadoopConf(hadoopConfiguration());
        RunOutput output = RunOutput.open(request.out(), request.overwrite(), hadoopConf);
        DataFiles files = request.data() != null ? request.data().files()
                : DataFiles.resolve(config.data(), hadoopConf);
        if (!request.sharedPaths()) {
            requireSharedPaths(SparkContexts.effectiveMaster(request.master()), output, files, hadoopConf);
        }
        LoadedData data = request.data() != null ? request.data()
                : LoadedData.load(files, config.data().classes(), hadoopConf);
        out.printf(Locale.ROOT, "data: %,d training and %,d test records of %dx%d, %d classes, from %s%n",
                data.train().count(), data.test().count(), data.train().rows(), data.train().columns(),
                data.train().classes(), config.data().embedded() ? "the embedded MNIST sample" : config.data().dir());
        requireShardsFit(config.training().shards(), data.train().count());
        CheckpointStore checkpoints = CheckpointStore.of(output.folder(), hadoopConf,
                config.training().checkpointKeep());
        Optional<Checkpoint> start = request.resume() ? Optional.of(resumePoint(checkpoints, config))
                : Optional.ofNullable(request.warmStart()).map(state -> new Checkpoint(0, 0, 0, 0, 0,
                        state.at(state.iteration(), 0), config.settings().asMap()));
        if (!request.resume() && !checkpoints.list().isEmpty() && !request.overwrite()) {
            throw new ConfigException("--out " + output.folder() + " holds checkpoints of an earlier run; pass --resume "
                    + "to continue it, or --overwrite to start over");
        }

        try (RunLock lock = RunLock.acquire(output.fileSystem(), output.folder(), request.breakLock());
             SparkContexts.Handle spark = SparkContexts.start(request.master())) {
            if (!request.resume()) {
                checkpoints.clear();
            }
            awaitExecutors(spark, config.training().shards());
            // A resumed run keeps the shard count it started with, whatever the cluster offers now.
            int shards = config.training().shards() > 0 ? config.training().shards()
                    : request.resume() ? Integer.parseInt(start.get().settings().get(ConfigKey.TRAIN_SHARDS.key()))
                    : Math.min(spark.context().defaultParallelism(), data.train().count());
            RunConfig resolved = config.withShards(shards);
            if (request.resume()) {
                ResumeCheck.requireSameRun(checkpoints.pathOf(start.get()).toString(), start.get().settings(),
                        resolved.settings().asMap());
                out.printf(Locale.ROOT, "resuming from the checkpoint at epoch %d, round %d%n",
                        start.get().epoch() + 1, start.get().nextRound() + 1);
            }
            out.printf(Locale.ROOT, "training (%s engine): %d epochs, %d shards, batch %d, averaging every %d "
                            + "minibatches, Spark %s on %s%n", config.settings().get(ConfigKey.TRAIN_ENGINE),
                    config.training().epochs(), shards, config.training().batchSize(),
                    config.training().averagingFrequency(), spark.context().version(), spark.context().master());
            TrainingEngine engine = config.training().engine() == TrainingConfig.Engine.DL4J_SPARK
                    ? new Dl4jSparkEngine(spark.context(), hadoopConf)
                    : new ParamAvgEngine(spark.context(), hadoopConf);
            TrainingResult result = engine.train(resolved, data, new ProgressPrinter(out, System.console() != null),
                    new Checkpointing(start, checkpoints::save));
            double wallSeconds = (System.nanoTime() - t0) / 1e9;
            write(output, resolved, data, result, spark, started, wallSeconds);
            out.printf(Locale.ROOT, "test accuracy %.4f on %,d held-out records (%d epochs, %.1f s)%n",
                    result.evaluation().accuracy(), data.test().count(), config.training().epochs(), wallSeconds);
            out.println("wrote " + output.folder() + "/{" + RunOutput.MODEL + ", " + RunOutput.METRICS + ", "
                    + RunOutput.MANIFEST + ", " + Report.FILE + "}");
        }
        return ExitCode.OK;
    }

    private static void write(RunOutput output, RunConfig config, LoadedData data, TrainingResult result,
                              SparkContexts.Handle spark, Instant started, double wallSeconds) throws IOException {
        MultiLayerNetwork network = NetworkFactory.build(config.model(), data.train().features(),
                data.train().classes(), config.training().seed());
        NetworkState.apply(result.finalState(), network);
        // Metrics and manifest first: the model appears last, so a model.zip always has its provenance beside it.
        Map<String, Object> metrics = Metrics.of(result, wallSeconds);
        Map<String, Object> manifest = Manifest.of(config, data, spark.context().version(), spark.context().master(),
                result.shards(), result.executors(), started);
        output.write(RunOutput.METRICS, Json.of(metrics));
        output.write(RunOutput.MANIFEST, Json.of(manifest));
        String report = Report.html(metrics, manifest);
        output.write(Report.FILE, stream -> stream.write(report.getBytes(StandardCharsets.UTF_8)));
        output.write(RunOutput.MODEL, stream -> ModelSerializer.writeModel(network, stream, true));
    }

    /**
     * On a cluster the executors read the input files themselves, and the driver that writes the
     * outputs may run on any host (cluster deploy mode): a path on one host's local disk would be
     * missing elsewhere. The throw-away cluster on 127.0.0.1 is one host, so its paths are shared.
     */
    private static void requireSharedPaths(String master, RunOutput output, DataFiles files, HadoopConf conf)
            throws IOException {
        if (SparkContexts.allOnThisHost(master)) {
            return;
        }
        String fix = "; use a shared file system (hdfs://..., s3a://...), or pass --shared-paths if it is a mount "
                + "every host shares";
        if (output.isLocal()) {
            throw new ConfigException("--out " + output.folder() + " is on this host's local disk, but master " + master
                    + " can run the driver on another host" + fix);
        }
        for (DataFile file : files.all()) {
            if (file.isLocal(conf)) {
                throw new ConfigException("--data file " + file + " is on this host's local disk, but the executors of "
                        + master + " read it on their own hosts" + fix);
            }
        }
    }

    /**
     * On a cluster, waits (up to spark.scheduler.maxRegisteredResourcesWaitingTime, 30 s by default)
     * until there is a task slot per shard, or at least one when the shard count is Spark's default:
     * shards stay where the first round computed them.
     */
    private void awaitExecutors(SparkContexts.Handle spark, int shards) {
        String master = spark.context().master();
        if (SparkContexts.isLocal(master)) {
            return;
        }
        int taskCpus = spark.context().getConf().getInt("spark.task.cpus", 1);
        long timeout = spark.context().getConf().getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime",
                "30s");
        int wanted = Math.max(1, shards);
        try {
            int slots = ExecutorSlots.await(wanted, taskCpus, timeout, registered ->
                    out.printf(Locale.ROOT, "waiting for executors: %d of %d task slots registered%n", registered,
                            wanted));
            if (slots < wanted) {
                out.printf(Locale.ROOT, "only %d task slots after %d s: %d shards will share them%n", slots,
                        timeout / 1000, wanted);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Checkpoint resumePoint(CheckpointStore checkpoints, RunConfig config) throws IOException {
        if (config.training().engine() != TrainingConfig.Engine.PARAMAVG) {
            throw new ConfigException("--resume works with train.engine=paramavg only; the dl4j-spark engine keeps "
                    + "no checkpoints");
        }
        return checkpoints.newest().orElseThrow(() -> new ConfigException("--resume: no checkpoint in "
                + checkpoints.folder() + "; start the run without --resume"));
    }

    private static void requireShardsFit(int shards, int records) {
        if (shards > records) {
            throw new ConfigException("train.shards must be between 1 and the number of training records ("
                    + records + "), found " + shards);
        }
    }

    /** Hadoop settings as Spark would give them: spark.hadoop.* entries (from spark-submit or -D) applied. */
    static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> entry : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
            conf.set(entry._1(), entry._2());
        }
        return conf;
    }

    PrintStream err() {
        return err;
    }
}
