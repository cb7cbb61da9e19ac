package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.eval.ShardEvaluator;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.nd4j.NativeBuild;
import io.paramavg.worker.nd4j.NativeSetup;
import io.paramavg.worker.nd4j.Nd4jThreads;
import io.paramavg.worker.train.Minibatches;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark configuration, run in its own JVM (so its peak memory is its own). Prints one line
 * {@code RESULT <json>}: seconds per epoch, test accuracy, examples and peak resident memory.
 * Arguments: {@code KIND DATA EPOCHS SHARDS FREQUENCY [BATCH [TARGET [RULE [SEED]]]]}; KIND is single, paramavg,
 * single-host-adam, dl4j-spark, mllib or exchange-cost. Every DL4J run trains {@link #MODEL}, the default
 * configuration, at BATCH
 * (default {@link #BATCH}). For single, FREQUENCY is instead the number of ND4J threads (0: ND4J's
 * default, one per core). TARGET &gt; 0 evaluates after every epoch and records the training time to the
 * first epoch with test accuracy &gt;= TARGET (single stops there). RULE (paramavg only) is {@code default}
 * (the configuration's defaults), {@code plain} ({@link #PLAIN_AVERAGE}: the plain average at the
 * configured learning rate, as every run trained before the averaging rule existed) or
 * {@code set:KEY=VALUE[,KEY=VALUE...]} (the defaults with those settings changed). SEED (paramavg and
 * dl4j-spark) is the run's {@code --seed}, {@link #SEED} unless given.
 */
public final class BenchRun {
    static final long SEED = 42;
    /** The batch of the equal-configuration comparison (issue 13's target 1), whatever the default is. */
    static final int BATCH = 32;
    /** What {@code paramavg train} trains with when told nothing else: the "default configuration" runs. */
    static final TrainingConfig DEFAULTS = RunConfig.from(Settings.defaults()).training();
    /** The default model configuration: what {@code paramavg train} trains when told nothing else. */
    static final ModelConfig MODEL = RunConfig.from(Settings.defaults()).model();

    /** The settings that make a run average plainly at the configured learning rate. */
    static final List<String> PLAIN_AVERAGE = List.of("--set", "train.averaging=mean", "--set",
            "train.learning-rate-scaling=none", "--set", "train.moments=mean");

    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        // paramavg's kinds (its network in the plain loop included) run with the native set-up paramavg's
        // launcher makes; the plain program gets only the kernel its environment names (the parent sets
        // OPENBLAS_CORETYPE for it, or leaves OpenBLAS to choose) and JavaCPP's defaults.
        if (!args[0].equals("single")) {
            NativeSetup.beforeNd4j();
        }
        String kind = args[0];
        String data = args[1];
        int epochs = Integer.parseInt(args[2]);
        int shards = Integer.parseInt(args[3]);
        int frequency = Integer.parseInt(args[4]);
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : BATCH;
        double target = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        List<String> rule = settings(args.length > 7 ? args[7] : "default");
        long seed = args.length > 8 ? Long.parseLong(args[8]) : SEED;
        Map<String, Object> result = switch (kind) {
            case "single" -> single(data, epochs, frequency, batch, target, false);
            case "single-host-adam" -> single(data, epochs, frequency, batch, target, true);
            case "paramavg", "dl4j-spark" -> spark(kind, data, epochs, shards, frequency, batch, target, rule, seed);
            case "mllib" -> mllib(data, epochs);
            // The exchange alone (no data): EPOCHS stages of FREQUENCY rounds each.
            case "exchange-cost" -> ExchangeCost.measure(epochs, frequency);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
        result.put("peak_rss_mib", peakRssMib());
        result.put("native", NativeBuild.describe());
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        System.exit(0);
    }

    /** The settings a RULE argument adds to a paramavg run's command line. */
    static List<String> settings(String rule) {
        if (rule.equals("default")) {
            return List.of();
        }
        if (rule.equals("plain")) {
            return PLAIN_AVERAGE;
        }
        if (rule.startsWith("set:")) {
            List<String> settings = new ArrayList<>();
            for (String setting : rule.substring(4).split(",")) {
                settings.add("--set");
                settings.add(setting);
            }
            return settings;
        }
        throw new IllegalArgumentException("unknown rule " + rule + "; default, plain or set:KEY=VALUE[,KEY=VALUE...]");
    }

    /** The training and test images, read in this JVM. */
    private record Images(LabeledRecords train, LabeledRecords test) {
    }

    private static Images load(String dir) throws IOException {
        HadoopConf conf = new HadoopConf(new Configuration());
        DataFiles files = DataFiles.resolve(new DataConfig(dir, "", "", "", "", 0), conf);
        LabeledRecords train = files.train().read(0, conf);
        return new Images(train, files.test().read(train.classes(), conf));
    }

    /**
     * The plain DL4J program (as {@code ../shared/reference/plain-dl4j}): minibatches built once as
     * DataSets, one {@code fit(DataSetIterator)} per epoch over {@code new ListDataSetIterator<>(batches, 1)}
     * (the one-argument constructor would merge 5 per step) in a fresh shuffled order. DL4J counts each
     * fit call as an epoch, so the epoch-scheduled learning rate decays as in paramavg. Threads 0 is
     * ND4J's default. Evaluation (when TARGET &gt; 0) is outside the timed part. The network is DL4J's own,
     * built from the configuration alone (its stock, native Adam); with {@code hostAdam} it is the one
     * paramavg's executors train (the factory's, with the Java Adam), in the same plain loop. Either way
     * the time spent in the updater's step is measured too ({@link UpdaterClock}).
     */
    private static Map<String, Object> single(String dir, int epochs, int threads, int batch, double target,
                                              boolean hostAdam) throws IOException {
        if (threads > 0) {
            Nd4jThreads.limit(threads);
        }
        Images data = load(dir);
        LabeledRecords train = data.train();
        MultiLayerNetwork network;
        if (hostAdam) {
            network = NetworkFactory.build(MODEL, train.features(), train.classes(), SEED);
        } else {
            network = new MultiLayerNetwork(NetworkFactory.configuration(MODEL, train.features(), train.classes(), SEED));
            network.init();
        }
        UpdaterClock updater = UpdaterClock.install(network);
        int[] identity = new int[train.count()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        List<org.nd4j.linalg.dataset.DataSet> batches = new ArrayList<>();
        for (int from = 0; from < train.count(); from += batch) {
            batches.add(Minibatches.slice(train, identity, from, Math.min(from + batch, train.count())));
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> updaterSeconds = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        double accuracy = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Collections.shuffle(batches, new java.util.Random(SEED + epoch));
            double updaterBefore = updater.seconds();
            long start = System.nanoTime();
            network.fit(new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(batches, 1));
            seconds.add((System.nanoTime() - start) / 1e9);
            updaterSeconds.add(updater.seconds() - updaterBefore);
            System.out.printf("single: epoch %d/%d %.2f s%n", epoch + 1, epochs, seconds.get(epoch));
            if (target > 0) {
                accuracy = ShardEvaluator.evaluate(network, data.test()).accuracy();
                accuracies.add(accuracy);
                System.out.printf("single: epoch %d test accuracy %.4f%n", epoch + 1, accuracy);
                if (accuracy >= target) {
                    break;
                }
            }
        }
        if (target <= 0) {
            accuracy = ShardEvaluator.evaluate(network, data.test()).accuracy();
        }
        Map<String, Object> result = result(seconds, accuracy, train.count());
        result.put("batch_size", batch);
        result.put("minibatches_per_epoch", batches.size());
        result.put("updater_seconds_per_epoch", Stats.median(updaterSeconds.size() > 1
                ? updaterSeconds.subList(1, updaterSeconds.size()) : updaterSeconds));
        if (target > 0) {
            timeToAccuracy(result, seconds, accuracies, target);
        }
        return result;
    }

    /** Training seconds up to the end of the first epoch whose test accuracy reached {@code target}. */
    private static void timeToAccuracy(Map<String, Object> result, List<Double> seconds, List<Double> accuracies,
                                       double target) {
        double elapsed = 0;
        result.put("target_accuracy", target);
        result.put("epoch_accuracies", accuracies);
        for (int epoch = 0; epoch < accuracies.size(); epoch++) {
            elapsed += seconds.get(epoch);
            if (accuracies.get(epoch) >= target) {
                result.put("seconds_to_accuracy", elapsed);
                result.put("epochs_to_accuracy", epoch + 1);
                return;
            }
        }
    }

    /** paramavg's command line, with either engine, in local[2]. */
    private static Map<String, Object> spark(String engine, String dir, int epochs, int shards, int frequency,
                                             int batch, double target, List<String> settings, long seed)
            throws IOException {
        Path out = Files.createTempDirectory("paramavg-bench");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--engine", engine, "--data", dir,
                "--epochs", String.valueOf(epochs), "--shards", String.valueOf(shards), "--averaging-frequency",
                String.valueOf(frequency), "--batch-size", String.valueOf(batch), "--seed", String.valueOf(seed),
                "--set", "train.eval-every=" + (target > 0 ? 1 : 0), "--out", out.toString()));
        args.addAll(settings);
        int code = Commands.run(args.toArray(String[]::new), new PrintStream(printed, true, StandardCharsets.UTF_8),
                System.err);
        System.out.print(printed.toString(StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException(engine + " run failed with exit code " + code);
        }
        return summary(out, epochs, batch, target);
    }

    /**
     * What a finished run wrote to {@code out} (metrics.json, manifest.json), as a result: seconds per
     * epoch, test accuracy, time to {@code target} (when &gt; 0) and the per-round time split.
     */
    static Map<String, Object> summary(Path out, int epochs, int batch, double target) throws IOException {
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        List<Double> seconds = new ArrayList<>();
        metrics.get("epochs").forEach(epoch -> seconds.add(epoch.get("seconds").asDouble()));
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        long examples = manifest.at("/data/train_records").asLong();
        Map<String, Object> result = result(seconds, metrics.at("/test/accuracy").asDouble(), examples);
        // The batch the run trained with: BATCH 0 is auto, which the run resolved and its manifest records.
        result.put("batch_size", manifest.at("/configuration/train.batch-size").asInt(batch));
        result.put("train_records", examples);
        if (target > 0) {
            List<Double> accuracies = new ArrayList<>();
            metrics.get("epochs").forEach(epoch -> accuracies.add(epoch.get("test_accuracy").asDouble()));
            timeToAccuracy(result, seconds, accuracies, target);
        }
        if (metrics.get("rounds").size() > 0) {
            result.put("round_breakdown_ms", roundBreakdown(metrics.get("rounds")));
            // What an epoch would take if rounds cost nothing but the slowest shard's fitting, taken
            // like seconds_per_epoch: the median over the epochs after the first.
            double[] computeSeconds = new double[epochs];
            for (JsonNode round : metrics.get("rounds")) {
                computeSeconds[round.get("epoch").asInt() - 1] += round.get("compute_ms").asDouble() / 1000;
            }
            List<Double> afterFirst = new ArrayList<>();
            for (int epoch = epochs > 1 ? 1 : 0; epoch < epochs; epoch++) {
                afterFirst.add(computeSeconds[epoch]);
            }
            result.put("compute_seconds_per_epoch", Stats.median(afterFirst));
        }
        return result;
    }

    private static Map<String, Double> roundBreakdown(JsonNode rounds) {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String key : List.of("launch_ms", "compute_ms", "exchange_ms")) {
            List<Double> values = new ArrayList<>();
            rounds.forEach(r -> {
                // The epochs after the first, as seconds_per_epoch; a stage's first round pays its launch.
                if (r.get("epoch").asInt() > 1 || rounds.get(rounds.size() - 1).get("epoch").asInt() == 1) {
                    values.add(r.get(key).asDouble());
                }
            });
            medians.put(key, Stats.median(values));
            if (key.equals("exchange_ms")) {
                values.sort(null);
                medians.put("exchange_p90_ms", values.get((int) (values.size() * 0.9)));
                medians.put("exchange_p99_ms", values.get((int) (values.size() * 0.99)));
            }
        }
        return medians;
    }

    /**
     * Spark MLlib's MultilayerPerceptronClassifier (sigmoid hidden layers, its default L-BFGS solver),
     * one maxIter per "epoch": each iteration is at least one pass over the data.
     */
    private static Map<String, Object> mllib(String dir, int epochs) throws IOException {
        Images data = load(dir);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("paramavg-bench-mllib")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            Dataset<Row> train = frame(spark, data.train()).cache();
            Dataset<Row> test = frame(spark, data.test()).cache();
            train.count();
            int[] hidden = MODEL.hiddenLayers();
            int[] layers = new int[hidden.length + 2];
            layers[0] = data.train().features();
            System.arraycopy(hidden, 0, layers, 1, hidden.length);
            layers[layers.length - 1] = data.train().classes();
            long start = System.nanoTime();
            MultilayerPerceptronClassificationModel model = new MultilayerPerceptronClassifier().setLayers(layers)
                    .setMaxIter(epochs).setSeed(SEED).setBlockSize(BATCH * 4).fit(train);
            double total = (System.nanoTime() - start) / 1e9;
            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                    .evaluate(model.transform(test));
            List<Double> seconds = new ArrayList<>();
            for (int i = 0; i < epochs; i++) {
                seconds.add(total / epochs);
            }
            return result(seconds, accuracy, data.train().count());
        } finally {
            spark.stop();
        }
    }

    private static Dataset<Row> frame(SparkSession spark, LabeledRecords data) {
        List<Row> rows = new ArrayList<>(data.count());
        for (int i = 0; i < data.count(); i++) {
            double[] features = new double[data.features()];
            for (int f = 0; f < features.length; f++) {
                features[f] = data.pixel(i, f) / 255.0;
            }
            rows.add(RowFactory.create((double) data.label(i), Vectors.dense(features)));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("features", new VectorUDT(), false, Metadata.empty())});
        return spark.createDataFrame(rows, schema);
    }

    private static Map<String, Object> result(List<Double> epochSeconds, double accuracy, long examplesPerEpoch) {
        Map<String, Object> result = new LinkedHashMap<>();
        List<Double> afterFirst = epochSeconds.size() > 1 ? epochSeconds.subList(1, epochSeconds.size()) : epochSeconds;
        double median = Stats.median(afterFirst);
        result.put("epoch_seconds", epochSeconds);
        result.put("seconds_per_epoch", median);
        result.put("examples_per_second", examplesPerEpoch / median);
        result.put("test_accuracy", accuracy);
        return result;
    }

    /** Peak resident set of this JVM (heap and ND4J's native memory): VmHWM from /proc. */
    private static double peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
