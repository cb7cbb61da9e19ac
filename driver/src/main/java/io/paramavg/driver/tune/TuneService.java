package io.paramavg.driver.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.ValidationConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.Metrics;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.service.RunEvents;
import io.paramavg.driver.service.TrainingOutcome;
import io.paramavg.driver.service.TrainingRequest;
import io.paramavg.driver.service.TrainingService;
import io.paramavg.driver.spark.SparkContexts;
import io.paramavg.worker.eval.Scored;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a search: each trial a training run through the {@link TrainingService}, one after the other
 * on the same Spark context, into {@code <out>/trials/<n>}; the trial with the best validation metric
 * is chosen (never the test set, which only reports) and its model copied to {@code <out>/model.zip};
 * {@code tune.json} and {@code tune.html} compare them all. With {@code resume}, trials whose folder
 * already holds a model are read back instead of trained again.
 */
public final class TuneService {
    public static final String TABLE = "tune.json";
    public static final String REPORT = "tune.html";
    static final String TRIALS = "trials";

    private final HadoopConf conf;
    private final RunEvents events;

    public TuneService(HadoopConf conf, RunEvents events) {
        this.conf = conf;
        this.events = events;
    }

    /** The search's result: every trial, and the chosen one. */
    public record Outcome(List<Trial> trials, Trial best, Path folder) {
    }

    /**
     * Trains {@code trials} (each a complete, validated configuration named by {@code names}) into
     * {@code out}. Every configuration must have validation data: choosing by the test set would leak
     * it into the choice.
     */
    @SuppressWarnings("try") // the Spark context is held for its scope, not named
    public Outcome run(List<RunConfig> trials, List<String> names, String out, String master, boolean resume,
                       boolean sharedPaths) throws IOException {
        ValidationConfig.Metric metric = trials.get(0).validation().metric();
        for (RunConfig trial : trials) {
            if (!trial.validation().enabled()) {
                throw new ConfigException("tune chooses by validation data, and there is none: set "
                        + "train.validation-fraction (e.g. --set train.validation-fraction=0.2) or data.validation");
            }
        }
        Path folder = new Path(out);
        FileSystem fs = folder.getFileSystem(conf.get());
        fs.setWriteChecksum(false);
        folder = fs.makeQualified(folder);
        if (!resume && fs.exists(new Path(folder, TABLE))) {
            throw new ConfigException("--out " + folder + " holds an earlier search (" + TABLE + "); pass --resume to "
                    + "finish it, or choose another --out");
        }
        List<Trial> done = new ArrayList<>();
        try (SparkContexts.Handle spark = SparkContexts.start(master, events::onMessage)) {
            for (int i = 0; i < trials.size(); i++) {
                Path trialFolder = new Path(new Path(folder, TRIALS), String.valueOf(i + 1));
                events.onMessage(String.format(Locale.ROOT, "trial %d/%d: %s", i + 1, trials.size(), names.get(i)));
                Trial trial;
                if (resume && fs.exists(new Path(trialFolder, OutputFiles.MODEL))) {
                    trial = readBack(fs, trialFolder, names.get(i), metric);
                    events.onMessage("  already trained: " + trialFolder);
                } else {
                    // A trial an interrupted search left unfinished continues from its checkpoint (and a lock
                    // its dead process left is stale); any other starts afresh.
                    boolean unfinished = resume && fs.exists(new Path(trialFolder, OutputFiles.CHECKPOINTS))
                            && fs.listStatus(new Path(trialFolder, OutputFiles.CHECKPOINTS)).length > 0;
                    TrainingRequest request = TrainingRequest.builder(trials.get(i), trialFolder.toString())
                            .resume(unfinished).breakLock(unfinished).sharedPaths(sharedPaths).master(master).build();
                    trial = summarize(new TrainingService(conf, events).train(request), names.get(i), metric);
                }
                done.add(trial);
                events.onMessage(String.format(Locale.ROOT, "  %s %.4f at epoch %d (test accuracy %.4f)",
                        metric == ValidationConfig.Metric.VAL_LOSS ? "val loss" : "val accuracy", trial.value(),
                        trial.bestEpoch(), trial.testAccuracy()));
            }
        }
        Comparator<Trial> better = Comparator.comparingDouble(Trial::value);
        Trial best = done.stream().min(metric == ValidationConfig.Metric.VAL_LOSS ? better : better.reversed())
                .orElseThrow();
        // The chosen model beside the table: what a user (or retrain) picks up.
        FileUtil.copy(fs, new Path(best.folder(), OutputFiles.MODEL), fs, new Path(folder, OutputFiles.MODEL), false,
                true, conf.get());
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("metric", metricName(metric));
        table.put("best", best);
        table.put("trials", done);
        RunOutput output = RunOutput.open(folder.toString(), true, conf);
        output.write(TABLE, Json.of(table));
        String html = TuneReport.html(Json.mapper().writeValueAsString(table));
        output.write(REPORT, stream -> stream.write(html.getBytes(StandardCharsets.UTF_8)));
        return new Outcome(done, best, folder);
    }

    private static String metricName(ValidationConfig.Metric metric) {
        return io.paramavg.worker.settings.Setting.nameOf(metric);
    }

    private static Trial summarize(TrainingOutcome outcome, String name, ValidationConfig.Metric metric) {
        Scored best = outcome.result().bestValidation();
        double value = metric == ValidationConfig.Metric.VAL_LOSS ? best.meanLoss() : best.accuracy();
        return new Trial(name, outcome.folder().toString(), metricName(metric), value, best.meanLoss(), best.accuracy(),
                outcome.accuracy(), outcome.result().bestEpoch() + 1, outcome.result().epochs().size(),
                outcome.wallSeconds());
    }

    /** A finished trial's figures, from its metrics.json. */
    private Trial readBack(FileSystem fs, Path trialFolder, String name, ValidationConfig.Metric metric)
            throws IOException {
        JsonNode metrics;
        Path file = new Path(trialFolder, OutputFiles.METRICS);
        try (InputStream in = fs.open(file)) {
            metrics = new ObjectMapper().readTree(in);
        }
        Metrics.requireReadable(file.toString(), metrics);
        double loss = metrics.at("/validation/loss").asDouble(Double.NaN);
        double accuracy = metrics.at("/validation/accuracy").asDouble(Double.NaN);
        return new Trial(name, trialFolder.toString(), metricName(metric),
                metric == ValidationConfig.Metric.VAL_LOSS ? loss : accuracy, loss, accuracy,
                metrics.at("/test/accuracy").asDouble(), metrics.at("/best_epoch").asInt(),
                metrics.at("/epochs").size(), metrics.at("/wall_seconds").asDouble());
    }

    /** The trial names a grid gives, for {@link #run}. */
    public static List<String> names(List<Map<ConfigKey, String>> combinations) {
        return combinations.stream().map(Grid::name).toList();
    }
}
