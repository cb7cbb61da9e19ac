package io.paramavg.driver.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.config.MlflowConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.engine.EpochReport;
import io.paramavg.driver.engine.RoundReport;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.service.RunEvents;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training run's record in MLflow, kept while it runs: passes every event on to the run's own
 * listener and copies what MLflow keeps (the settings once resolved, each epoch's figures, the final
 * test metrics and files, the status the run ended with).
 *
 * <p>Why this class catches and carries on, against the project's rule: MLflow holds a copy, and the
 * run's own files are the record. The first failure (server down, a refused call) is reported once as
 * a warning through the run's listener, and tracking stops for the rest of the run, so a dead server
 * costs one timeout, not one per epoch; the run's outcome, exit code and files are what they would be
 * without MLflow.
 */
public final class RunTracking implements RunEvents {
    /** MLflow run statuses paramavg sets. */
    public enum Status { FINISHED, FAILED, KILLED }

    private final RunEvents events;
    private final MlflowClient client;
    private MlflowRun run;
    private boolean failed;
    private boolean ended;
    private Thread onShutdown;

    private RunTracking(RunEvents events, MlflowClient client) {
        this.events = events;
        this.client = client;
    }

    /**
     * Starts recording a run named {@code runName} (the configured name wins) when {@code config} or
     * {@code environment} names a tracking server; otherwise, and when the server cannot be reached,
     * the returned tracking only passes events on.
     */
    public static RunTracking start(MlflowConfig config, Map<String, String> environment, String runName,
                                    String source, RunEvents events) {
        Optional<String> server = config.server(environment);
        if (server.isEmpty()) {
            return new RunTracking(events, null);
        }
        RunTracking tracking;
        try {
            tracking = new RunTracking(events, new MlflowClient(server.get()));
        } catch (MlflowException e) {
            RunTracking off = new RunTracking(events, null);
            off.warn(e);
            return off;
        }
        String name = config.runName().isBlank() ? runName : config.runName();
        tracking.attempt(() -> {
            String experiment = tracking.client.experiment(config.experiment());
            tracking.run = tracking.client.createRun(experiment, name, System.currentTimeMillis(),
                    Map.of("mlflow.source.name", source, "mlflow.source.type", "JOB"));
            events.onMessage("mlflow: logging to run " + tracking.run.id() + " (" + name + ") of experiment '"
                    + config.experiment() + "' on " + tracking.client.server());
        });
        tracking.markKilledOnShutdown();
        return tracking;
    }

    /** Whether the run is being recorded (a server was named and has answered every call so far). */
    public boolean active() {
        return client != null && run != null && !failed;
    }

    /** Logs every setting of the run, as resolved (once; MLflow params cannot change). */
    public void params(Map<String, String> settings) {
        attempt(() -> {
            List<Map.Entry<String, String>> entries = new ArrayList<>(settings.entrySet());
            for (int from = 0; from < entries.size(); from += MlflowClient.PARAMS_PER_BATCH) {
                Map<String, String> batch = new LinkedHashMap<>();
                entries.subList(from, Math.min(from + MlflowClient.PARAMS_PER_BATCH, entries.size()))
                        .forEach(e -> batch.put(e.getKey(), e.getValue()));
                client.logBatch(run.id(), batch, List.of());
            }
        });
    }

    @Override
    public void onEpoch(EpochReport report, int epochs) {
        events.onEpoch(report, epochs);
        long now = System.currentTimeMillis();
        long step = report.epoch() + 1;
        List<MlflowClient.Metric> metrics = new ArrayList<>();
        add(metrics, "train_loss", report.meanLoss(), now, step);
        add(metrics, "train_accuracy", report.trainAccuracy(), now, step);
        if (report.validation() != null) {
            add(metrics, "val_loss", report.validation().meanLoss(), now, step);
            add(metrics, "val_accuracy", report.validation().accuracy(), now, step);
        }
        if (report.evaluation() != null) {
            add(metrics, "test_accuracy", report.evaluation().accuracy(), now, step);
        }
        add(metrics, "epoch_seconds", report.seconds(), now, step);
        add(metrics, "examples_per_second", report.examplesPerSecond(), now, step);
        attempt(() -> client.logBatch(run.id(), Map.of(), metrics));
    }

    /**
     * The run ended well and wrote its files to {@code output}: logs the final metrics
     * ({@code metrics.json}'s test section and times) and the files, with the model exported to ONNX,
     * as artifacts, then sets FINISHED.
     */
    public void finished(RunOutput output, HadoopConf conf) {
        if (!active()) {
            end(Status.FINISHED);
            return;
        }
        try (RunFiles files = new RunFiles(output, conf)) {
            finished(files.metrics(), files.artifacts());
        } catch (IOException | RuntimeException e) {
            // Reading back what the run just wrote failed: the run's files stand; MLflow still gets the status.
            events.onMessage("warning: mlflow: the run's files are not logged (" + e + "); they are in "
                    + output.folder());
            end(Status.FINISHED);
        }
    }

    private void finished(JsonNode metricsJson, Map<String, Path> artifacts) {
        long now = System.currentTimeMillis();
        List<MlflowClient.Metric> metrics = new ArrayList<>();
        JsonNode test = metricsJson.path("test");
        for (String key : List.of("accuracy", "macro_precision", "macro_recall", "macro_f1")) {
            if (test.path(key).isNumber()) {
                add(metrics, "final_test_" + key, test.path(key).asDouble(), now, 0);
            }
        }
        for (String key : List.of("training_seconds", "wall_seconds")) {
            if (metricsJson.path(key).isNumber()) {
                add(metrics, key, metricsJson.path(key).asDouble(), now, 0);
            }
        }
        attempt(() -> client.logBatch(run.id(), Map.of(), metrics));
        artifacts.forEach((name, file) -> attempt(() -> client.uploadArtifact(run.artifactUri(), name, file)));
        end(Status.FINISHED);
    }

    /**
     * Retrain's decision on the version this run trained: tags the run with it ({@code paramavg.version},
     * {@code paramavg.decision}) and, when it was promoted and {@code config} names a registered model,
     * registers the run as that model's new version with {@code config}'s alias. A version that was not
     * promoted stays a logged run only.
     */
    public void retrainDecision(int version, boolean promoted, MlflowConfig config) {
        attempt(() -> {
            client.setTag(run.id(), "paramavg.version", String.valueOf(version));
            client.setTag(run.id(), "paramavg.decision", promoted ? "promoted" : "kept");
            if (promoted && !config.registeredModel().isBlank()) {
                String registered = client.register(config.registeredModel(), run, config.alias());
                events.onMessage("mlflow: registered as version " + registered + " of model '"
                        + config.registeredModel() + "', alias '" + config.alias() + "'");
            }
        });
    }

    /** The run failed (an exception ended it); sets FAILED. */
    public void failed() {
        end(Status.FAILED);
    }

    private synchronized void end(Status status) {
        if (ended) {
            return;
        }
        ended = true;
        if (onShutdown != null && Thread.currentThread() != onShutdown) {
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting: the hook runs anyway and finds the run ended.
            }
        }
        attempt(() -> client.endRun(run.id(), status.name(), System.currentTimeMillis()));
    }

    /** A JVM stopped while training (Ctrl-C, SIGTERM, a scheduler's kill) leaves the run KILLED, not RUNNING. */
    private void markKilledOnShutdown() {
        if (!active()) {
            return;
        }
        onShutdown = new Thread(() -> end(Status.KILLED), "paramavg-mlflow-killed");
        Runtime.getRuntime().addShutdownHook(onShutdown);
    }

    private static void add(List<MlflowClient.Metric> metrics, String key, double value, long timestamp, long step) {
        if (Double.isFinite(value)) {
            metrics.add(new MlflowClient.Metric(key, value, timestamp, step));
        }
    }

    /** One MLflow call; the first failure is the one warning and ends tracking (see the class comment). */
    private void attempt(Call call) {
        if (client == null || failed || (run == null && ended)) {
            return;
        }
        try {
            call.run();
        } catch (MlflowException | RuntimeException e) {
            failed = true;
            warn(e);
        }
    }

    private void warn(Exception e) {
        events.onMessage("warning: mlflow: " + e.getMessage() + "; the run goes on without MLflow (its own files "
                + "are written as always)");
    }

    @FunctionalInterface
    private interface Call {
        void run() throws MlflowException;
    }

    @Override
    public void onRound(RoundReport report) {
        events.onRound(report);
    }

    @Override
    public void onExecutor(String executor) {
        events.onExecutor(executor);
    }

    @Override
    public void onCheckpoint(Checkpoint checkpoint, Object location) {
        events.onCheckpoint(checkpoint, location);
    }

    @Override
    public void onMessage(String line) {
        events.onMessage(line);
    }
}
