package io.paramavg.driver.engine;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.Shard;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.train.Minibatches;
import io.paramavg.worker.train.Permutations;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Training through the DL4J Spark module ({@code SparkDl4jMultiLayer} with
 * {@code ParameterAveragingTrainingMaster}, updater state averaged): the implementation DL4J users
 * know, kept as the reference the benchmark compares against. Same network, seed, shard count,
 * batch size and averaging frequency as the default engine; evaluated by the same code.
 */
public final class Dl4jSparkEngine implements TrainingEngine {
    private final JavaSparkContext sc;
    private final HadoopConf hadoopConf;

    public Dl4jSparkEngine(JavaSparkContext sc, HadoopConf hadoopConf) {
        this.sc = sc;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public TrainingResult train(RunConfig config, LoadedData data, TrainingListener listener,
                                Checkpointing checkpointing) {
        // Checkpoints are the paramavg engine's: DL4J's training master keeps its state to itself.
        TrainingConfig training = config.training();
        int classes = data.train().classes();
        int batch = training.batchSize();
        long seed = training.seed();
        ExecutorSetup setup = new ExecutorSetup(config.model(), data.train().features(), classes, 1);
        JavaRDD<Shard> trainShards = data.shards().training(sc, training.shards(), training.shards(), seed, 0);
        JavaRDD<Shard> testShards = data.shards().test(sc, training.shards());
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(training.shards(), batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(training.averagingFrequency())
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .repartionData(Repartition.Never)
                .rngSeed(seed)
                .build();
        EpochLoss loss = new EpochLoss(sc, batch);
        master.setListeners(List.of(loss));
        SparkDl4jMultiLayer network = new SparkDl4jMultiLayer(sc,
                NetworkFactory.build(config.model(), setup.inputs(), classes, seed), master);
        try {
            List<EpochReport> epochs = new ArrayList<>();
            Evaluation evaluation = null;
            ModelState state = null;
            for (int epoch = 0; epoch < training.epochs(); epoch++) {
                // Each epoch visits every shard in its own seeded order, as the paramavg engine does.
                JavaRDD<DataSet> minibatches = minibatches(trainShards, batch, seed, epoch);
                long start = System.nanoTime();
                try {
                    network.fit(minibatches);
                } finally {
                    minibatches.unpersist(false);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                state = NetworkState.capture(network.getNetwork());
                Evaluation evaluated = training.evaluatesAfter(epoch)
                        ? DistributedEvaluator.evaluate(sc, testShards, setup, state) : null;
                if (evaluated != null) {
                    evaluation = evaluated;
                }
                EpochReport report = new EpochReport(epoch, loss.takeMean(), data.train().count(), -1, seconds, null,
                        evaluated);
                epochs.add(report);
                listener.onEpoch(report, training.epochs());
            }
            return new TrainingResult(state, evaluation, epochs, List.of(), training.shards(), new java.util.TreeSet<>(),
                    -1, false);
        } finally {
            master.deleteTempFiles(sc);
            trainShards.unpersist(false);
            testShards.unpersist(false);
        }
    }

    /**
     * One DataSet per minibatch, each holding exactly {@code batch} examples but for each shard's last:
     * the training master is told that count (a wrong one makes it split the data into thousands of
     * stages). DL4J does not shuffle within an RDD, so the order is this epoch's seeded one.
     */
    static JavaRDD<DataSet> minibatches(JavaRDD<Shard> shards, int batch, long seed, int epoch) {
        return shards.flatMap(shard -> slices(shard, batch, seed, epoch).iterator()).persist(StorageLevel.MEMORY_ONLY());
    }

    private static List<DataSet> slices(Shard shard, int batch, long seed, int epoch) {
        LabeledRecords data = shard.data();
        int[] order = Permutations.epochOrder(data.count(), seed, epoch, shard.index());
        List<DataSet> result = new ArrayList<>();
        for (int from = 0; from < data.count(); from += batch) {
            result.add(Minibatches.slice(data, order, from, Math.min(from + batch, data.count())));
        }
        return result;
    }
}
