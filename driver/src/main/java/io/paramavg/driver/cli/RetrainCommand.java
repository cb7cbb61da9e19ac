package io.paramavg.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paramavg.driver.checkpoint.ResumeCheck;
import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.output.Json;
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
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code paramavg retrain}: the scheduled job. Trains a new version into the registry (warm-started
 * from the current one when the architecture matches), evaluates it and the current version on the
 * same held-out set, and promotes it only if it is better by the margin. Exit 0 when promoted (or
 * nothing to do), 10 when trained but not promoted.
 */
final class RetrainCommand {
    static final List<Option> OPTIONS;

    static {
        List<Option> options = new ArrayList<>(List.of(
                Option.valued("--registry", "DIR", "The model registry (any Hadoop file system); created if missing.",
                        null),
                Option.valued("--min-improvement", "X", "Promote only if the new test accuracy beats the current "
                        + "one by at least X (0.01 = one point).", "0.0"),
                Option.valued("--keep", "N", "Versions to keep (the current one is never deleted).", "5"),
                Option.flag("--from-scratch", "Do not warm-start from the current version."),
                Option.flag("--force", "Train even if the current version was trained on the same data and "
                        + "configuration."),
                Option.flag("--break-lock", "Remove a stale registry lock left by a job that no longer runs.")));
        for (Option option : TrainCommand.OPTIONS) {
            if (option.key() != null || List.of("--master", "--config", "--set", "--shared-paths", "--verbose", "--help")
                    .contains(option.name())) {
                options.add(option);
            }
        }
        OPTIONS = List.copyOf(options);
    }

    private final PrintStream out;
    private final PrintStream err;
    private final HadoopConf conf;

    RetrainCommand(PrintStream out, PrintStream err, HadoopConf conf) {
        this.out = out;
        this.err = err;
        this.conf = conf;
    }

    static String help() {
        return Option.helpPage("""
                Usage: paramavg retrain --registry DIR [--data DIR] [train options]

                The scheduled retraining job. Warm-starts from the registry's current version (when the
                architecture matches), trains on the data, evaluates the new and the current model on the same
                held-out set, writes the new version, and promotes it (replaces CURRENT) only if it is better by
                --min-improvement, or if there is no current version. Every run adds a line to history.jsonl.
                Re-running on the same data and configuration as the current version does nothing (exit 0).

                """, OPTIONS);
    }

    ExitCode run(String[] args) throws IOException {
        ParsedArguments parsed = ParsedArguments.parse(args, OPTIONS);
        String location = parsed.last("--registry", null);
        if (location == null) {
            throw UsageException.of("retrain needs --registry DIR (see paramavg retrain --help)");
        }
        double margin = number(parsed.last("--min-improvement", "0.0"), "--min-improvement");
        int keep = (int) number(parsed.last("--keep", "5"), "--keep");
        if (keep < 1) {
            throw new ConfigException("--keep must be >= 1, found " + keep);
        }
        Settings settings = TrainCommand.settings(parsed, OPTIONS);
        RunConfig config = RunConfig.from(settings);
        Registry registry = Registry.open(location, conf);

        try (RunLock lock = registry.lock(parsed.has("--break-lock"))) {
            for (Path removed : registry.removeIncomplete()) {
                out.println("removed " + removed + ", left incomplete by an earlier run that crashed");
            }
            Optional<Integer> current = registry.current();
            SavedModel currentModel = current.isPresent()
                    ? SavedModel.load(new Path(registry.version(current.get()), "model.zip").toString(), conf) : null;
            LoadedData data = LoadedData.load(DataFiles.resolve(config.data(), conf), config.data().classes(), conf);
            if (currentModel != null && !parsed.has("--force") && sameRun(currentModel, data, settings)) {
                out.printf(Locale.ROOT, "nothing to do: version %d was trained on the same data and configuration "
                        + "(--force trains anyway)%n", current.get());
                return ExitCode.OK;
            }
            ModelState warmStart = warmStart(currentModel, config, data, parsed.has("--from-scratch"));

            int id = registry.nextId();
            Path folder = registry.incomplete(id);
            out.printf(Locale.ROOT, "training version %d%s%n", id, warmStart == null ? " from scratch"
                    : " warm-started from version " + current.get());
            TrainCommand.Request request = TrainCommand.parse(trainArguments(args, folder.toString()))
                    .retraining(data, warmStart);
            double newAccuracy;
            Double currentAccuracy;
            // One Spark context for training and evaluation: both join it rather than start their own
            // (on YARN or Kubernetes a second context would mean acquiring executors again).
            try (SparkContexts.Handle spark = SparkContexts.start(parsed.last("--master", null))) {
                ExitCode trained = new TrainCommand(out, err).run(request);
                if (trained != ExitCode.OK) {
                    return trained;
                }
                newAccuracy = accuracy(new Path(folder, "metrics.json"));
                currentAccuracy = currentModel == null ? null
                        : EvaluateCommand.evaluate(currentModel, config.data(), null, 0, conf).accuracy();
            }
            boolean promote = currentAccuracy == null || newAccuracy >= currentAccuracy + margin;

            registry.complete(id);
            if (promote) {
                registry.promote(id);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", Instant.now().toString());
            line.put("version", id);
            line.put("previous", current.orElse(null));
            line.put("warm_start", warmStart != null);
            line.put("data_sha256", data.sha256());
            line.put("new_accuracy", newAccuracy);
            line.put("current_accuracy", currentAccuracy);
            line.put("min_improvement", margin);
            line.put("decision", promote ? "promoted" : "kept version " + current.get());
            // One line per run: JSON Lines, so no indentation.
            registry.appendHistory(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(line));
            for (int deleted : registry.retain(keep)) {
                out.println("deleted version " + deleted + " (keeping the newest " + keep + ")");
            }
            if (promote) {
                out.printf(Locale.ROOT, "promoted version %d: test accuracy %.4f%s%n", id, newAccuracy,
                        currentAccuracy == null ? " (first version)"
                                : String.format(Locale.ROOT, " against %.4f for version %d", currentAccuracy,
                                current.get()));
                return ExitCode.OK;
            }
            out.printf(Locale.ROOT, "kept version %d: version %d scored %.4f against %.4f, not better by %.4f%n",
                    current.get(), id, newAccuracy, currentAccuracy, margin);
            return ExitCode.NOT_PROMOTED;
        }
    }

    /** Same input checksums and the same configuration as the run that made {@code model}. */
    private static boolean sameRun(SavedModel model, LoadedData data, Settings settings) {
        JsonNode manifest = model.manifest();
        if (manifest == null) {
            return false;
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        manifest.path("inputs").fields().forEachRemaining(e -> checksums.put(e.getKey(),
                e.getValue().path("sha256").asText()));
        if (!checksums.equals(data.sha256())) {
            return false;
        }
        JsonNode saved = manifest.path("configuration");
        for (Map.Entry<String, String> entry : settings.asMap().entrySet()) {
            String key = entry.getKey();
            boolean resolvedLater = key.equals(ConfigKey.TRAIN_SHARDS.key()) && entry.getValue().equals("0");
            if (!ResumeCheck.isFree(key) && !resolvedLater && !entry.getValue().equals(saved.path(key).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** The current version's state when its architecture is this run's; null for a fresh start. */
    private ModelState warmStart(SavedModel current, RunConfig config, LoadedData data, boolean fromScratch) {
        if (current == null || fromScratch) {
            return null;
        }
        if (config.training().engine() != TrainingConfig.Engine.PARAMAVG) {
            out.println("the dl4j-spark engine cannot start from given weights: training from scratch");
            return null;
        }
        MultiLayerNetwork fresh = NetworkFactory.build(config.model(), data.train().features(),
                data.train().classes(), config.training().seed());
        ModelState state = NetworkState.capture(current.network());
        ModelState shape = NetworkState.capture(fresh);
        if (state.parameters().length != shape.parameters().length
                || state.updaterState().length != shape.updaterState().length
                || current.inputs() != data.train().features() || current.classes() != data.train().classes()) {
            out.println("the current version's architecture differs from this run's: training from scratch");
            return null;
        }
        return state;
    }


    private double accuracy(Path metrics) throws IOException {
        try (var in = metrics.getFileSystem(conf.get()).open(metrics)) {
            return new ObjectMapper().readTree(in).at("/test/accuracy").asDouble();
        }
    }

    /** This command's arguments as train's: its own options dropped, --out pointed at the new version. */
    private static String[] trainArguments(String[] args, String out) {
        List<String> own = List.of("--registry", "--min-improvement", "--keep");
        List<String> ownFlags = List.of("--from-scratch", "--force", "--break-lock");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (own.contains(args[i])) {
                i++;
            } else if (!ownFlags.contains(args[i])) {
                result.add(args[i]);
            }
        }
        result.addAll(List.of("--out", out));
        return result.toArray(String[]::new);
    }

    private static double number(String text, String option) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(option + " must be a number, found '" + text + "'");
        }
    }
}
