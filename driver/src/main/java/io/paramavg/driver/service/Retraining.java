package io.paramavg.driver.service;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.paramavg.driver.checkpoint.ResumeCheck;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.DataSource;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.IdxLoader;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.table.TableData;
import io.paramavg.driver.mlflow.RunTracking;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.Manifest;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.output.RunLock;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.registry.Registry;
import io.paramavg.driver.spark.SparkContexts;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduled retraining job: trains a new version into the registry through the
 * {@link TrainingService} (warm-started from the current version when the architecture matches),
 * evaluates the new and the current version on the same held-out set through the
 * {@link EvaluationService}, and promotes the new one only if it is better by the margin.
 */
public final class Retraining {
    /** Called once a version's files are written, before it is moved into place: where a test crashes the run. */
    @FunctionalInterface
    public interface VersionWritten {
        void reached(Path incompleteFolder) throws IOException;
    }

    private final HadoopConf conf;
    private final RunEvents events;
    private final VersionWritten versionWritten;

    public Retraining(HadoopConf conf, RunEvents events) {
        this(conf, events, folder -> { });
    }

    /** With a hook at the point between writing a version and completing it: the crash test's seam. */
    public Retraining(HadoopConf conf, RunEvents events, VersionWritten versionWritten) {
        this.conf = conf;
        this.events = events;
        this.versionWritten = versionWritten;
    }

    /** A registry version: its number and its saved model. */
    private record Version(int id, SavedModel model) {
    }

    /**
     * The new and the current version's accuracy on the deciding set (validation data when the run has
     * it, else the test set) and on the test set; the current version's are null when there is none.
     */
    private record Scores(boolean onValidation, double newAccuracy, Double currentAccuracy, double newTestAccuracy,
                          Double currentTestAccuracy, RunTracking mlflow) {
        /** Whether the new version replaces the current one: it is the first, or better by {@code margin}. */
        boolean promotes(double margin) {
            return currentAccuracy == null || newAccuracy >= currentAccuracy + margin;
        }

        String decidedOn() {
            return onValidation ? "validation" : "test";
        }
    }

    @SuppressWarnings("try") // the registry lock and the Spark context are held for their scope, not named
    public RetrainOutcome run(RetrainRequest request) throws IOException {
        RunConfig config = request.config();
        Registry registry = Registry.open(request.registry(), conf);
        DataSource source = DataSource.of(config, conf);
        // A table is read (and checksummed) on the executors: Spark starts before it, and training and
        // evaluation join that context.
        try (RunLock lock = registry.lock(request.breakLock());
             SparkContexts.Handle early = source instanceof DataSource.Table
                     ? SparkContexts.start(request.master(), events::onMessage) : null) {
            removeIncomplete(registry);
            Optional<Version> current = currentVersion(registry);
            LoadedData data = read(source, config, early);
            if (current.isPresent() && !request.force() && sameRun(current.get().model(), data, config.settings())) {
                events.onMessage(String.format(Locale.ROOT, "nothing to do: version %d was trained on the same data "
                        + "and configuration (--force trains anyway)", current.get().id()));
                return new RetrainOutcome(RetrainOutcome.Decision.NOTHING_TO_DO, current.get().id(),
                        current.get().id(), null, null, null, config.retrain().minImprovement(), List.of());
            }
            Optional<ModelState> warmStart = warmStart(current, config, data, request.fromScratch());
            int id = registry.nextId();
            Path folder = registry.incomplete(id);
            events.onMessage(String.format(Locale.ROOT, "training version %d%s", id, warmStart.isEmpty()
                    ? " from scratch" : " warm-started from version " + current.get().id()));
            Scores scores = trainAndScore(request, data, folder, warmStart, current);
            double margin = config.retrain().minImprovement();
            boolean promote = scores.promotes(margin);

            versionWritten.reached(folder);
            registry.complete(id);
            if (promote) {
                registry.promote(id);
            }
            // After the registry's own decision is on disk: MLflow's copy of it can never get ahead of it.
            scores.mlflow().retrainDecision(id, promote, config.mlflow());
            Integer previous = current.map(Version::id).orElse(null);
            appendHistory(registry, id, previous, warmStart.isPresent(), data, scores, margin, promote);
            List<Integer> deleted = registry.retain(config.retrain().keep());
            return new RetrainOutcome(promote ? RetrainOutcome.Decision.PROMOTED : RetrainOutcome.Decision.KEPT, id,
                    previous, scores.newAccuracy(), scores.currentAccuracy(), scores.decidedOn(), margin, deleted);
        }
    }

    private void removeIncomplete(Registry registry) throws IOException {
        for (Path removed : registry.removeIncomplete()) {
            events.onMessage("removed " + removed + ", left incomplete by an earlier run that crashed");
        }
    }

    private Optional<Version> currentVersion(Registry registry) throws IOException {
        Optional<Integer> current = registry.current();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String model = new Path(registry.version(current.get()), OutputFiles.MODEL).toString();
        return Optional.of(new Version(current.get(), SavedModel.load(model, conf)));
    }

    /** The run's data: IDX files read here, on the driver; a table on the executors of {@code early}. */
    private LoadedData read(DataSource source, RunConfig config, SparkContexts.Handle early) throws IOException {
        if (source instanceof DataSource.Table table) {
            return TableData.load(early.context(), config, table.format());
        }
        return IdxLoader.load(DataFiles.resolve(config.data(), conf), config, conf);
    }

    /**
     * Trains the new version into {@code folder}, then scores it and the current version on the same
     * held-out records: the validation data when the run has it (the test set then only reports).
     */
    @SuppressWarnings("try") // the Spark context is held for its scope, not named
    private Scores trainAndScore(RetrainRequest request, LoadedData data, Path folder,
                                 Optional<ModelState> warmStart, Optional<Version> current) throws IOException {
        RunConfig config = request.config();
        TrainingRequest training = TrainingRequest.builder(config, folder.toString())
                .sharedPaths(request.sharedPaths()).master(request.master()).data(data).warmStart(warmStart)
                .build();
        boolean onValidation = config.validation().enabled();
        // One Spark context for training and evaluation: both join it rather than start their own
        // (on YARN or Kubernetes a second context would mean acquiring executors again).
        try (SparkContexts.Handle spark = SparkContexts.start(request.master(), events::onMessage)) {
            EvaluationService evaluation = new EvaluationService(conf);
            TrainingOutcome trained = new TrainingService(conf, events).train(training);
            double newTestAccuracy = trained.accuracy();
            Double currentTestAccuracy = current.isEmpty() ? null
                    : evaluation.evaluate(current.get().model(), config.data(), config.tables(),
                            config.training().seed(), request.master(), 0).accuracy();
            if (!onValidation) {
                return new Scores(false, newTestAccuracy, currentTestAccuracy, newTestAccuracy, currentTestAccuracy,
                        trained.mlflow());
            }
            SavedModel written = SavedModel.load(new Path(folder, OutputFiles.MODEL).toString(), conf);
            double newAccuracy = evaluation.validate(written, config, data, request.master()).accuracy();
            Double currentAccuracy = current.isEmpty() ? null
                    : evaluation.validate(current.get().model(), config, data, request.master()).accuracy();
            return new Scores(true, newAccuracy, currentAccuracy, newTestAccuracy, currentTestAccuracy,
                    trained.mlflow());
        }
    }

    /** One JSON line per run in the registry's history: what was trained, on what, and what was decided. */
    private static void appendHistory(Registry registry, int id, Integer previous, boolean warmStart,
                                      LoadedData data, Scores scores, double margin, boolean promote)
            throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("version", id);
        line.put("previous", previous);
        line.put("warm_start", warmStart);
        line.put("data_sha256", data.sha256());
        line.put("decided_on", scores.decidedOn());
        line.put("new_accuracy", scores.newAccuracy());
        line.put("current_accuracy", scores.currentAccuracy());
        line.put("new_test_accuracy", scores.newTestAccuracy());
        line.put("current_test_accuracy", scores.currentTestAccuracy());
        line.put("min_improvement", margin);
        line.put("decision", promote ? "promoted" : "kept version " + previous);
        // One line per run: JSON Lines, so no indentation.
        registry.appendHistory(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(line));
    }

    /** Same input checksums and the same configuration as the run that made {@code model}. */
    private static boolean sameRun(SavedModel model, LoadedData data, Settings settings) {
        Manifest manifest = model.manifest();
        if (manifest == null || !manifest.inputs().equals(data.sha256())) {
            return false;
        }
        for (Map.Entry<String, String> entry : settings.asMap().entrySet()) {
            String key = entry.getKey();
            // Auto (0) shards and batch are resolved by the run; the manifest records what they became.
            boolean resolvedLater = (key.equals(ConfigKey.TRAIN_SHARDS.key()) || key.equals(ConfigKey.TRAIN_BATCH_SIZE.key()))
                    && entry.getValue().equals("0");
            if (!ResumeCheck.isFree(key) && !resolvedLater && !entry.getValue().equals(manifest.setting(key))) {
                return false;
            }
        }
        return true;
    }

    /** The current version's state when its architecture is this run's; empty for a fresh start. */
    private Optional<ModelState> warmStart(Optional<Version> version, RunConfig config, LoadedData data,
                                           boolean fromScratch) {
        if (version.isEmpty() || fromScratch) {
            return Optional.empty();
        }
        SavedModel current = version.get().model();
        if (config.training().engine() != TrainingConfig.Engine.PARAMAVG) {
            events.onMessage("the dl4j-spark engine cannot start from given weights: training from scratch");
            return Optional.empty();
        }
        MultiLayerNetwork fresh = NetworkFactory.build(config.model(), data.train().features(),
                data.train().classes(), config.training().seed());
        ModelState state = NetworkState.capture(current.network());
        ModelState shape = NetworkState.capture(fresh);
        if (state.parameters().length != shape.parameters().length
                || state.updaterState().length != shape.updaterState().length
                || current.inputs() != data.train().features() || current.classes() != data.train().classes()) {
            events.onMessage("the current version's architecture differs from this run's: training from scratch");
            return Optional.empty();
        }
        return Optional.of(state);
    }
}
