package io.paramavg.driver.service;

import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.checkpoint.CheckpointStore;
import io.paramavg.driver.checkpoint.ResumeCheck;
import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.DataSource;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.IdxLoader;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.table.TableData;
import io.paramavg.driver.engine.Checkpointing;
import io.paramavg.driver.engine.TrainingEngine;
import io.paramavg.driver.engine.TrainingEngines;
import io.paramavg.driver.engine.TrainingResult;
import io.paramavg.driver.mlflow.RunTracking;
import io.paramavg.driver.output.RunLock;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.RunWriter;
import io.paramavg.driver.spark.ExecutorSlots;
import io.paramavg.driver.spark.SparkContexts;
import io.paramavg.worker.nd4j.NativeSetup;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Trains a model as a {@link TrainingRequest} says and writes its outputs. The order matters:
 * configuration, output folder and data are all checked before Spark starts, so a bad run fails in
 * seconds and leaves nothing behind; the model is written last, so a folder with a model holds a
 * complete run. Joins an active Spark context rather than starting a second one.
 */
public final class TrainingService {
    private final HadoopConf hadoopConf;
    private final RunEvents events;

    public TrainingService(HadoopConf hadoopConf, RunEvents events) {
        this.hadoopConf = hadoopConf;
        this.events = events;
    }

    public TrainingOutcome train(TrainingRequest request) throws IOException {
        // A Spark ML fit in a user's JVM reaches here first; in local mode that JVM is also the executor.
        NativeSetup.beforeNd4j();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RunConfig config = request.config();
        RunOutput output = RunOutput.open(request.out(), request.overwrite(), hadoopConf);
        Function<JavaSparkContext, LoadedData> reading = reading(request, output);
        // From here on the run is under way: MLflow (when a server is named) records it, and how it ends.
        RunTracking tracking = RunTracking.start(config.mlflow(), System.getenv(), output.folder().getName(),
                "paramavg", events);
        try {
            TrainingOutcome outcome = train(request, config, output, reading, started, t0, tracking);
            tracking.finished(output, hadoopConf);
            return outcome;
        } catch (Throwable t) {
            tracking.failed();
            throw t;
        }
    }

    @SuppressWarnings("try") // the run lock is held for its scope, not named
    private TrainingOutcome train(TrainingRequest request, RunConfig config, RunOutput output,
                                  Function<JavaSparkContext, LoadedData> reading, Instant started, long t0,
                                  RunTracking tracking) throws IOException {
        try (SparkContexts.Handle spark = SparkContexts.start(request.master(), tracking::onMessage)) {
            LoadedData data = reading.apply(spark.context());
            events.onMessage(String.format(Locale.ROOT, "data: %,d training and %,d test records of %dx%d, %d "
                            + "classes, from %s", data.train().count(), data.test().count(), data.train().rows(),
                    data.train().columns(), data.train().classes(), data.origin(config.data())));
            int trainingRecords = data.trainingRecords(config.validation().fraction());
            if (config.validation().fraction() > 0) {
                events.onMessage(String.format(Locale.ROOT, "validation: %,d of the training records held out "
                        + "(train.validation-fraction %s), %,d train", data.train().count() - trainingRecords,
                        config.validation().fraction(), trainingRecords));
            } else {
                data.validation().ifPresent(set -> events.onMessage(String.format(Locale.ROOT,
                        "validation: %,d records from %s", set.count(), set.source())));
            }
            requireShardsFit(config.training().shards(), trainingRecords);
            CheckpointStore checkpoints = CheckpointStore.of(output.folder(), hadoopConf,
                    config.training().checkpointKeep());
            Optional<Checkpoint> start = request.resume() ? Optional.of(resumePoint(checkpoints, config))
                    : request.initialState().map(state -> Checkpoint.atStart(state, config.settings().asMap()));
            if (!request.resume() && !checkpoints.list().isEmpty() && !request.overwrite()) {
                throw new ConfigException("--out " + output.folder() + " holds checkpoints of an earlier run; pass "
                        + "--resume to continue it, or --overwrite to start over");
            }
            try (RunLock lock = RunLock.acquire(output.fileSystem(), output.folder(), request.breakLock())) {
                return train(request, config, output, data, checkpoints, start, spark, started, t0, tracking);
            }
        }
    }

    private TrainingOutcome train(TrainingRequest request, RunConfig config, RunOutput output, LoadedData data,
                                  CheckpointStore checkpoints, Optional<Checkpoint> start, SparkContexts.Handle spark,
                                  Instant started, long t0, RunTracking tracking) throws IOException {
        if (!request.resume()) {
            checkpoints.clear();
        }
        awaitExecutors(spark, config.training().shards());
        RunConfig withShards = config.withShards(shardCount(config, request, start, spark, data));
        RunConfig resolved = withShards.withBatchSize(batchSize(withShards, request, start, data));
        if (request.resume()) {
            if (ResumeCheck.predatesScaling(start.get().settings())) {
                // Its run averaged plainly at the configured rate; switching rule mid-run would be another run.
                resolved = resolved.withPlainAverage();
                events.onMessage("the checkpoint predates train.averaging: resuming with the plain average "
                        + "(train.averaging=mean) it was trained with");
            } else {
                Map<String, String> saved = start.get().settings();
                List<String> taken = resolved.scalingKeysTakenFrom(saved).stream()
                        .map(key -> key.key() + "=" + saved.get(key.key()) + " (the default is now "
                                + key.defaultValue() + ")").toList();
                if (!taken.isEmpty()) {
                    resolved = resolved.withScalingDefaultsOf(saved);
                    events.onMessage("resuming with the averaging the checkpoint was trained with: "
                            + String.join(", ", taken));
                }
            }
            ResumeCheck.requireSameRun(checkpoints.pathOf(start.get()).toString(), start.get().settings(),
                    resolved.settings().asMap());
            events.onMessage(String.format(Locale.ROOT, "resuming from the checkpoint at epoch %d, round %d",
                    start.get().epoch() + 1, start.get().nextRound() + 1));
        }
        tracking.params(resolved.settings().asMap());
        TrainingConfig training = resolved.training();
        events.onMessage(String.format(Locale.ROOT, "training (%s engine): %d epochs, %d shards, batch %d, "
                        + "averaging every %d minibatches, Spark %s on %s", resolved.settings().get(
                        ConfigKey.TRAIN_ENGINE), training.epochs(), training.shards(), training.batchSize(),
                training.averagingFrequency(), spark.context().version(), spark.context().master()));
        if (training.engine() == TrainingConfig.Engine.PARAMAVG) {
            events.onMessage(describeScaling(resolved));
        }
        TrainingEngine engine = TrainingEngines.create(training.engine(), spark.context(), hadoopConf);
        TrainingResult result = engine.train(resolved, data, tracking, new Checkpointing(start, checkpoints::save));
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        RunWriter.write(output, resolved, data, result, spark.context().version(), spark.context().master(),
                started, wallSeconds);
        return new TrainingOutcome(resolved, data, result, output.folder(), wallSeconds, tracking);
    }

    /** The run's averaging rule and learning rate, in one line. */
    static String describeScaling(RunConfig config) {
        int shards = config.training().shards();
        double multiplier = config.scaling().learningRate(shards, 1).multiplier();
        double rate = config.model().learningRate();
        String learning = multiplier == 1.0 ? "learning rate " + rate
                : String.format(Locale.ROOT, "learning rate %s x %.4g = %.4g, warmed up over %s epochs", rate,
                multiplier, rate * multiplier, config.scaling().warmupEpochs());
        return "averaging: " + config.scaling().rule(shards).describe() + "; " + learning;
    }

    /** The shard count: configured, or as the checkpoint's run resolved it, or Spark's default parallelism. */
    private static int shardCount(RunConfig config, TrainingRequest request, Optional<Checkpoint> start,
                                  SparkContexts.Handle spark, LoadedData data) {
        if (config.training().shards() > 0) {
            return config.training().shards();
        }
        // A resumed run keeps the shard count it started with, whatever the cluster offers now.
        if (request.resume()) {
            return Integer.parseInt(start.get().settings().get(ConfigKey.TRAIN_SHARDS.key()));
        }
        return Math.min(spark.context().defaultParallelism(), data.trainingRecords(config.validation().fraction()));
    }

    /**
     * The minibatch size: configured, or as the checkpoint's run resolved it, or auto's choice for the
     * resolved shard count ({@link TrainingConfig#autoBatchSize}).
     */
    private static int batchSize(RunConfig config, TrainingRequest request, Optional<Checkpoint> start,
                                 LoadedData data) {
        TrainingConfig training = config.training();
        if (training.batchSize() > 0) {
            return training.batchSize();
        }
        // A resumed run keeps the batch it started with (an older run's checkpoint records its 32).
        if (request.resume()) {
            return Integer.parseInt(start.get().settings().get(ConfigKey.TRAIN_BATCH_SIZE.key()));
        }
        return TrainingConfig.autoBatchSize(data.largestShard(config.validation().fraction(), training.shards()),
                training.averagingFrequency());
    }

    /**
     * How the run's data is read, decided by its kind: IDX files are read and checked here, before
     * Spark starts (a bad file fails in seconds); a table is read on the executors once Spark runs
     * (the driver never holds its rows). Data the caller has already read is used as it is.
     */
    private Function<JavaSparkContext, LoadedData> reading(TrainingRequest request, RunOutput output)
            throws IOException {
        RunConfig config = request.config();
        SharedPaths sharedPaths = new SharedPaths(request, output, hadoopConf);
        if (request.data().isPresent()) {
            LoadedData given = request.data().get();
            sharedPaths.require(given instanceof LoadedData.Idx idx ? idx.files().all()
                    : SharedPaths.tableInputs(config));
            return sc -> given;
        }
        if (DataSource.of(config, hadoopConf) instanceof DataSource.Table table) {
            sharedPaths.require(SharedPaths.tableInputs(config));
            return sc -> TableData.load(sc, config, table.format());
        }
        DataFiles files = DataFiles.resolve(config.data(), hadoopConf);
        sharedPaths.require(files.all());
        LoadedData idx = IdxLoader.load(files, config, hadoopConf);
        return sc -> idx;
    }

    /**
     * On a cluster, waits (up to spark.scheduler.maxRegisteredResourcesWaitingTime, 30 s by default)
     * until there is a task slot per shard, or at least one when the shard count is Spark's default:
     * shards stay where the first round computed them.
     */
    private void awaitExecutors(SparkContexts.Handle spark, int shards) {
        if (SparkContexts.isLocal(spark.context().master())) {
            return;
        }
        int taskCpus = spark.context().getConf().getInt("spark.task.cpus", 1);
        long timeout = spark.context().getConf().getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime",
                "30s");
        int wanted = Math.max(1, shards);
        try {
            int slots = ExecutorSlots.await(wanted, taskCpus, timeout, registered -> events.onMessage(
                    String.format(Locale.ROOT, "waiting for executors: %d of %d task slots registered", registered,
                            wanted)));
            if (slots < wanted) {
                events.onMessage(String.format(Locale.ROOT, "only %d task slots after %d s: %d shards will share them",
                        slots, timeout / 1000, wanted));
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
}
