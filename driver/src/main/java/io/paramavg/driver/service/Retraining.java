package io.paramavg.driver.service;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.paramavg.driver.checkpoint.ResumeCheck;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.table.TableData;
import io.paramavg.driver.data.table.TableFormats;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
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

    @SuppressWarnings("try") // the registry lock and the Spark context are held for their scope, not named
    public RetrainOutcome run(RetrainRequest request) throws IOException {
        RunConfig config = request.config();
        Registry registry = Registry.open(request.registry(), conf);
        // A table is read (and checksummed) on the executors: Spark starts before it, and training and
        // evaluation join that context.
        TableConfig.Format format = TableFormats.resolve(config.data().dir(), config.tables().format(), conf);
        try (RunLock lock = registry.lock(request.breakLock());
             SparkContexts.Handle early = format == TableConfig.Format.IDX ? null
                     : SparkContexts.start(request.master(), events::onMessage)) {
            for (Path removed : registry.removeIncomplete()) {
                events.onMessage("removed " + removed + ", left incomplete by an earlier run that crashed");
            }
            Optional<Integer> current = registry.current();
            SavedModel currentModel = current.isPresent()
                    ? SavedModel.load(new Path(registry.version(current.get()), OutputFiles.MODEL).toString(), conf)
                    : null;
            LoadedData data = early == null
                    ? LoadedData.load(DataFiles.resolve(config.data(), conf), config.data().classes(),
                            config.validation().data(), conf)
                    : TableData.load(early.context(), config, format);
            if (currentModel != null && !request.force() && sameRun(currentModel, data, config.settings())) {
                events.onMessage(String.format(Locale.ROOT, "nothing to do: version %d was trained on the same data "
                        + "and configuration (--force trains anyway)", current.get()));
                return new RetrainOutcome(RetrainOutcome.Decision.NOTHING_TO_DO, current.get(), current.get(), null,
                        null, null, config.retrain().minImprovement(), List.of());
            }
            Optional<ModelState> warmStart = warmStart(currentModel, config, data, request.fromScratch());

            int id = registry.nextId();
            Path folder = registry.incomplete(id);
            events.onMessage(String.format(Locale.ROOT, "training version %d%s", id, warmStart.isEmpty()
                    ? " from scratch" : " warm-started from version " + current.get()));
            TrainingRequest training = new TrainingRequest(config, folder.toString(), false, false, false,
                    request.sharedPaths(), request.master(), Optional.of(data), warmStart);
            double newAccuracy;
            Double currentAccuracy;
            double newTestAccuracy;
            Double currentTestAccuracy;
            boolean onValidation = config.validation().enabled();
            // One Spark context for training and evaluation: both join it rather than start their own
            // (on YARN or Kubernetes a second context would mean acquiring executors again).
            try (SparkContexts.Handle spark = SparkContexts.start(request.master(), events::onMessage)) {
                EvaluationService evaluation = new EvaluationService(conf);
                newTestAccuracy = new TrainingService(conf, events).train(training).accuracy();
                currentTestAccuracy = currentModel == null ? null
                        : evaluation.evaluate(currentModel, config.data(), config.tables(), config.training().seed(),
                                request.master(), 0).accuracy();
                if (onValidation) {
                    // Both versions on the same validation records; the test set only reports.
                    SavedModel trained = SavedModel.load(new Path(folder, OutputFiles.MODEL).toString(), conf);
                    newAccuracy = evaluation.validate(trained, config, data, request.master()).accuracy();
                    currentAccuracy = currentModel == null ? null
                            : evaluation.validate(currentModel, config, data, request.master()).accuracy();
                } else {
                    newAccuracy = newTestAccuracy;
                    currentAccuracy = currentTestAccuracy;
                }
            }
            double margin = config.retrain().minImprovement();
            boolean promote = currentAccuracy == null || newAccuracy >= currentAccuracy + margin;

            versionWritten.reached(folder);
            registry.complete(id);
            if (promote) {
                registry.promote(id);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", Instant.now().toString());
            line.put("version", id);
            line.put("previous", current.orElse(null));
            line.put("warm_start", warmStart.isPresent());
            line.put("data_sha256", data.sha256());
            line.put("decided_on", onValidation ? "validation" : "test");
            line.put("new_accuracy", newAccuracy);
            line.put("current_accuracy", currentAccuracy);
            line.put("new_test_accuracy", newTestAccuracy);
            line.put("current_test_accuracy", currentTestAccuracy);
            line.put("min_improvement", margin);
            line.put("decision", promote ? "promoted" : "kept version " + current.get());
            // One line per run: JSON Lines, so no indentation.
            registry.appendHistory(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(line));
            List<Integer> deleted = registry.retain(config.retrain().keep());
            return new RetrainOutcome(promote ? RetrainOutcome.Decision.PROMOTED : RetrainOutcome.Decision.KEPT, id,
                    current.orElse(null), newAccuracy, currentAccuracy, onValidation ? "validation" : "test", margin,
                    deleted);
        }
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
    private Optional<ModelState> warmStart(SavedModel current, RunConfig config, LoadedData data,
                                           boolean fromScratch) {
        if (current == null || fromScratch) {
            return Optional.empty();
        }
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
