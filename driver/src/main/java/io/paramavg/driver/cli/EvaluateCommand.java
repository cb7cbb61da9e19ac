package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.EvaluateConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.Metrics;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.service.EvaluationService;
import org.nd4j.evaluation.classification.Evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code paramavg evaluate}: a saved model's metrics on any MNIST-format test set, computed on the
 * executors like training's evaluation, printed as a table and written in {@code metrics.json}'s shape.
 */
/**
 * {@code paramavg evaluate}: a saved model's metrics on any MNIST-format test set, computed on the
 * executors by {@link EvaluationService}, printed as a table and written in {@code metrics.json}'s shape.
 */
final class EvaluateCommand implements Command {
    private final PrintStream out;
    private final HadoopConf conf;

    EvaluateCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "a saved model's metrics on an MNIST-format test set, on Spark";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg evaluate --model FILE [--data DIR] [--out FILE.json]

                Evaluates a model written by 'paramavg train' on the held-out files of DIR (t10k-... or test-...
                images and labels; default: the embedded sample's), on Spark: accuracy, per-class precision,
                recall and F1, and the confusion matrix.
                """;
    }

    @Override
    public List<Option> options() {
        return Option.join(List.of(
                Option.valued("--model", "FILE", "The model.zip to evaluate (written by paramavg train: its manifest, "
                        + "inside the zip, names the architecture).", null),
                Option.forKey("--data", "PATH", ConfigKey.DATA_DIR),
                Option.forKey("--test-data", "PATH", ConfigKey.DATA_TEST)),
                SharedOptions.TABLE, List.of(
                Option.valued("--config", "FILE", "Java properties file of configuration keys (data.* keys apply).",
                        null),
                Option.repeated("--set", "KEY=VALUE", "Set any configuration key (data.test-fraction with "
                        + "train.seed evaluates on the rows a training run held out)."),
                Option.valued("--out", "FILE", "Also write the metrics as JSON to FILE (any Hadoop file system).", null),
                Option.flag("--overwrite", "Replace an existing --out file."),
                Option.forKey("--shards", "N", ConfigKey.EVALUATE_SHARDS),
                SharedOptions.MASTER, SharedOptions.VERBOSE, SharedOptions.HELP));
    }

    @Override
    public ExitCode run(ParsedArguments arguments) throws IOException {
        String modelLocation = arguments.required("--model", name());
        Settings settings = SharedOptions.settings(arguments, options());
        int shards = settings.value(EvaluateConfig.SHARDS);
        String dataDir = settings.value(DataConfig.DIR);
        String outFile = arguments.last("--out", null);
        if (outFile != null) {
            RunOutput.refuseExistingFile(outFile, arguments.has("--overwrite"), conf);
        }

        SavedModel model = SavedModel.load(modelLocation, conf);
        DataConfig dataConfig = DataConfig.folder(dataDir, (int) model.classes());
        RunConfig run = RunConfig.from(settings);
        Evaluation evaluation = new EvaluationService(conf).evaluate(model, dataConfig, run.tables(),
                run.training().seed(), arguments.last("--master", null), shards);
        out.printf(Locale.ROOT, "evaluated %s on %s%n", modelLocation, dataConfig.embedded()
                ? "the held-out set of the embedded MNIST sample" : !run.tables().test().isEmpty() ? run.tables().test()
                : model.table() == null ? "the held-out set of " + dataDir : run.tables().testFraction() > 0
                ? "the rows of " + dataDir + " held out with seed " + run.training().seed() : "every row of " + dataDir);
        Map<String, Object> metrics = Metrics.evaluation(evaluation);
        printTable(metrics, model.table() == null ? null : model.table().labels().names());
        if (outFile != null) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("model", modelLocation);
            document.put("data", dataConfig.embedded() ? DataConfig.EMBEDDED : dataDir);
            document.put("test", metrics);
            RunOutput.writeFile(outFile, arguments.has("--overwrite"), conf, Json.of(document));
            out.println("wrote " + outFile);
        }
        return ExitCode.OK;
    }

    /** The metrics table; {@code labels}, for a model trained on a table, names each class by its original label. */
    private void printTable(Map<String, Object> metrics, List<String> labels) {
        out.printf(Locale.ROOT, "test accuracy %.4f on %,d records (macro F1 %.4f)%n", (Double) metrics.get("accuracy"),
                (Integer) metrics.get("examples"), (Double) metrics.get("macro_f1"));
        out.println(labels == null ? "class  precision  recall  f1      support"
                : "class  precision  recall  f1      support  label");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perClass = (List<Map<String, Object>>) metrics.get("per_class");
        for (Map<String, Object> c : perClass) {
            int index = (Integer) c.get("class");
            out.printf(Locale.ROOT, "%5d  %9s  %6s  %6s  %,7d%s%n", index, number(c.get("precision")),
                    number(c.get("recall")), number(c.get("f1")), (Integer) c.get("support"),
                    labels == null ? "" : "  " + labels.get(index));
        }
    }

    private static String number(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", (Double) value);
    }
}
