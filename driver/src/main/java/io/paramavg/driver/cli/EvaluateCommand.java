package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.DataFile;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.engine.DistributedEvaluator;
import io.paramavg.driver.engine.ExecutorSetup;
import io.paramavg.driver.engine.Shard;
import io.paramavg.driver.engine.ShardRdds;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.Metrics;
import io.paramavg.driver.output.RunOutput;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.driver.spark.SparkContexts;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.data.LabeledImages;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import org.apache.spark.api.java.JavaRDD;
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
final class EvaluateCommand {
    static final List<Option> OPTIONS = List.of(
            Option.valued("--model", "FILE", "The model.zip to evaluate (its run's manifest.json must lie beside "
                    + "it: it names the architecture).", null),
            Option.forKey("--data", "DIR", ConfigKey.DATA_DIR),
            Option.valued("--out", "FILE", "Also write the metrics as JSON to FILE (any Hadoop file system).", null),
            Option.flag("--overwrite", "Replace an existing --out file."),
            Option.valued("--shards", "N", "Test shards (Spark tasks); 0 uses Spark's default parallelism.", "0"),
            Option.valued("--master", "URL", "Spark master, as for train.", SparkContexts.DEFAULT_MASTER),
            Option.flag("--verbose", "Show Spark's INFO logs and full stack traces."),
            Option.flag("--help", "Show this help."));

    private final PrintStream out;
    private final HadoopConf conf;

    EvaluateCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    static String help() {
        return Option.helpPage("""
                Usage: paramavg evaluate --model FILE [--data DIR] [--out FILE.json]

                Evaluates a model written by 'paramavg train' on the held-out files of DIR (t10k-... or test-...
                images and labels; default: the embedded sample's), on Spark: accuracy, per-class precision,
                recall and F1, and the confusion matrix.

                """, OPTIONS);
    }

    ExitCode run(String[] args) throws IOException {
        ParsedArguments parsed = ParsedArguments.parse(args, OPTIONS);
        String modelLocation = parsed.last("--model", null);
        if (modelLocation == null) {
            throw UsageException.of("evaluate needs --model FILE (a model.zip written by paramavg train)");
        }
        int shards = Settings.defaults().with("train.shards", parsed.last("--shards", "0"), "--shards")
                .getInt(ConfigKey.TRAIN_SHARDS, 0);
        String dataDir = parsed.last("--data", ConfigKey.DATA_DIR.defaultValue());
        String outFile = parsed.last("--out", null);
        if (outFile != null) {
            RunOutput.refuseExistingFile(outFile, parsed.has("--overwrite"), conf);
        }

        SavedModel model = SavedModel.load(modelLocation, conf);
        DataConfig dataConfig = new DataConfig(dataDir, "", "", "", "", (int) model.classes());
        Evaluation evaluation = evaluate(model, dataConfig, parsed.last("--master", null), shards, conf);
        out.printf(Locale.ROOT, "evaluated %s on the held-out set of %s%n", modelLocation,
                dataConfig.embedded() ? "the embedded MNIST sample" : dataDir);
        Map<String, Object> metrics = Metrics.evaluation(evaluation);
        printTable(metrics);
        if (outFile != null) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("model", modelLocation);
            document.put("data", dataConfig.embedded() ? "embedded" : dataDir);
            document.put("test", metrics);
            RunOutput.writeFile(outFile, parsed.has("--overwrite"), conf, Json.of(document));
            out.println("wrote " + outFile);
        }
        return ExitCode.OK;
    }

    /** {@code model}'s metrics on the held-out files of {@code data}, computed on Spark's executors. */
    static Evaluation evaluate(SavedModel model, DataConfig data, String master, int shards, HadoopConf conf)
            throws IOException {
        RunConfig trained = architectureOf(model);
        DataFile[] test = DataFiles.resolveTestSet(data, conf);
        LabeledImages sample = LoadedData.read(test[0], test[1], (int) model.classes(), conf);
        if (sample.features() != model.inputs()) {
            throw new DataFormatException(test[0].location(), "image size", model.inputs() + " pixels per image (what "
                    + "the model takes)", sample.rows() + "x" + sample.columns() + " = " + sample.features());
        }
        try (SparkContexts.Handle spark = SparkContexts.start(master)) {
            int parts = shards > 0 ? shards : Math.min(spark.context().defaultParallelism(), sample.count());
            ExecutorSetup setup = new ExecutorSetup(trained.model(), sample.features(), sample.classes(), 1);
            JavaRDD<Shard> testShards = ShardRdds.test(spark.context(), test[0], test[1], sample.classes(), parts,
                    conf);
            try {
                return DistributedEvaluator.evaluate(spark.context(), testShards, setup,
                        NetworkState.capture(model.network()));
            } finally {
                testShards.unpersist(false);
            }
        }
    }

    /** The architecture the model was trained with, from its manifest, checked against the model itself. */
    static RunConfig architectureOf(SavedModel model) {
        if (model.manifest() == null || !model.manifest().has("configuration")) {
            throw new ConfigException("--model " + model.location() + ": expected manifest.json beside it (written by "
                    + "paramavg train; it names the architecture), found none");
        }
        Settings settings = Settings.defaults();
        var configuration = model.manifest().get("configuration");
        for (var names = configuration.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (ConfigKey.named(key).isPresent()) {
                settings = settings.with(key, configuration.get(key).asText(), "manifest.json");
            }
        }
        RunConfig config = RunConfig.from(settings);
        long expected = NetworkFactory.build(config.model(), (int) model.inputs(), (int) model.classes(), 0)
                .numParams();
        if (expected != model.network().numParams()) {
            throw new DataFormatException(model.location(), "parameter count", expected + " (the architecture in "
                    + "manifest.json)", String.valueOf(model.network().numParams()));
        }
        return config;
    }

    private void printTable(Map<String, Object> metrics) {
        out.printf(Locale.ROOT, "test accuracy %.4f on %,d records (macro F1 %.4f)%n", (Double) metrics.get("accuracy"),
                (Integer) metrics.get("examples"), (Double) metrics.get("macro_f1"));
        out.println("class  precision  recall  f1      support");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perClass = (List<Map<String, Object>>) metrics.get("per_class");
        for (Map<String, Object> c : perClass) {
            out.printf(Locale.ROOT, "%5d  %9s  %6s  %6s  %,7d%n", (Integer) c.get("class"), number(c.get("precision")),
                    number(c.get("recall")), number(c.get("f1")), (Integer) c.get("support"));
        }
    }

    private static String number(Object value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", (Double) value);
    }
}
