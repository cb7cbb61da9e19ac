package io.paramavg.driver.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.engine.EpochReport;
import io.paramavg.driver.engine.RoundReport;
import io.paramavg.driver.engine.TrainingResult;
import io.paramavg.worker.data.DataFormatException;
import org.nd4j.evaluation.classification.Evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the content of {@code metrics.json} as nested maps (written by {@link Json}). Format 1 is
 * every file written before the format had a number (no {@code format_version} field); format 2
 * adds the field and is otherwise laid out the same.
 */
public final class Metrics {
    /** The format this paramavg writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 2;

    private Metrics() {
    }

    /**
     * Refuses a {@code metrics.json} of a newer format than this paramavg reads, naming the file;
     * one without the field is format 1.
     */
    public static void requireReadable(String where, JsonNode metrics) {
        JsonNode version = metrics.path("format_version");
        if (!version.isMissingNode() && !(version.isIntegralNumber() && version.asInt() >= 1
                && version.asInt() <= FORMAT_VERSION)) {
            throw new DataFormatException(where, "format_version", "an integer from 1 to " + FORMAT_VERSION
                    + " (a newer paramavg wrote this file; read it with that version)", version.toString());
        }
    }

    /** The metrics of a finished training run. */
    public static Map<String, Object> of(TrainingResult result, double wallSeconds) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("format_version", FORMAT_VERSION);
        metrics.put("test", evaluation(result.evaluation()));
        long examples = 0;
        double trainingSeconds = 0;
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochReport epoch : result.epochs()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", epoch.epoch() + 1);
            e.put("train_loss", finite(epoch.meanLoss()));
            e.put("train_accuracy", finite(epoch.trainAccuracy()));
            e.put("val_loss", epoch.validation() == null ? null : finite(epoch.validation().meanLoss()));
            e.put("val_accuracy", epoch.validation() == null ? null : epoch.validation().accuracy());
            e.put("test_accuracy", epoch.evaluation() == null ? null : epoch.evaluation().accuracy());
            e.put("seconds", epoch.seconds());
            e.put("examples_per_second", epoch.examplesPerSecond());
            epochs.add(e);
            examples += epoch.examples();
            trainingSeconds += epoch.seconds();
        }
        metrics.put("epochs", epochs);
        metrics.put("best_epoch", result.bestEpoch() < 0 ? null : result.bestEpoch() + 1);
        metrics.put("stopped_early", result.stoppedEarly());
        if (result.bestValidation() != null) {
            Map<String, Object> validation = new LinkedHashMap<>();
            validation.put("loss", finite(result.bestValidation().meanLoss()));
            validation.put("accuracy", result.bestValidation().accuracy());
            validation.put("examples", result.bestValidation().examples());
            metrics.put("validation", validation);
        }
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (RoundReport round : result.rounds()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epoch", round.epoch() + 1);
            r.put("round", round.round() + 1);
            r.put("train_loss", finite(round.meanLoss()));
            r.put("examples", round.examples());
            r.put("launch_ms", round.launchMs());
            r.put("compute_ms", round.computeMs());
            r.put("exchange_ms", round.exchangeMs());
            rounds.add(r);
        }
        metrics.put("rounds", rounds);
        metrics.put("shards", result.shards());
        metrics.put("training_seconds", trainingSeconds);
        metrics.put("wall_seconds", wallSeconds);
        metrics.put("examples_per_second", trainingSeconds > 0 ? examples / trainingSeconds : 0);
        return metrics;
    }

    /** Accuracy, macro and per-class precision/recall/F1, and the confusion matrix. */
    public static Map<String, Object> evaluation(Evaluation evaluation) {
        Map<String, Object> test = new LinkedHashMap<>();
        int classes = evaluation.getNumRowCounter() > 0 ? evaluation.getConfusionMatrix().getClasses().size() : 0;
        test.put("accuracy", evaluation.accuracy());
        test.put("examples", evaluation.getNumRowCounter());
        test.put("macro_precision", finite(evaluation.precision()));
        test.put("macro_recall", finite(evaluation.recall()));
        test.put("macro_f1", finite(evaluation.f1()));
        List<Map<String, Object>> perClass = new ArrayList<>();
        List<List<Integer>> confusion = new ArrayList<>();
        for (int actual = 0; actual < classes; actual++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", actual);
            c.put("precision", finite(evaluation.precision(actual)));
            c.put("recall", finite(evaluation.recall(actual)));
            c.put("f1", finite(evaluation.f1(actual)));
            c.put("support", evaluation.getConfusionMatrix().getActualTotal(actual));
            perClass.add(c);
            List<Integer> row = new ArrayList<>();
            for (int predicted = 0; predicted < classes; predicted++) {
                row.add(evaluation.getConfusionMatrix().getCount(actual, predicted));
            }
            confusion.add(row);
        }
        test.put("per_class", perClass);
        test.put("confusion_matrix", confusion);
        return test;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
