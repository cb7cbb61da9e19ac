package io.paramavg.driver.engine;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.IdxLoader;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.Shard;
import io.paramavg.driver.testing.LocalSpark;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.train.Minibatches;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The dl4j-spark engine measured like the paramavg engine: each epoch visits the shard in its own
 * seeded order (not epoch 0's every time), and the epoch's loss is the size-weighted mean of its
 * minibatch losses (not the last averaging's score). DL4J's training master itself is not
 * single-process training even with one worker (its iteration counter and loss differ), so no
 * known-answer comparison with plain DL4J is possible here.
 */
class Dl4jSparkEngineTest {
    private static final HadoopConf CONF = new HadoopConf(new Configuration());
    private static JavaSparkContext sc;
    private static LoadedData.Idx data;

    @BeforeAll
    static void start() throws IOException {
        sc = LocalSpark.start();
        data = IdxLoader.load(DataFiles.resolve(RunConfig.from(Settings.defaults()).data(), CONF), 0, CONF);
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void everyEpochVisitsEveryRecordOnceInItsOwnOrder() throws IOException {
        LabeledRecords sample = data.files().test().read(0, CONF);
        JavaRDD<Shard> shards = sc.parallelize(List.of(new Shard(0, sample)), 1);
        List<DataSet> first = Dl4jSparkEngine.minibatches(shards, 500, 42, 0).collect();
        List<DataSet> second = Dl4jSparkEngine.minibatches(shards, 500, 42, 1).collect();
        assertEquals(4, first.size());
        assertEquals(sample.count(), second.stream().mapToLong(DataSet::numExamples).sum());
        // Same records, other minibatches: the label counts of the first minibatch differ between epochs.
        assertNotEquals(first.get(0).getLabels().sum(0), second.get(0).getLabels().sum(0));
        assertEquals(first.stream().map(d -> d.getLabels().sum(0)).reduce((a, b) -> a.add(b)).get(),
                second.stream().map(d -> d.getLabels().sum(0)).reduce((a, b) -> a.add(b)).get());
    }

    @Test
    void theEpochLossIsTheSizeWeightedMeanOfItsMinibatchLosses() throws IOException {
        LabeledRecords sample = data.files().test().read(0, CONF);
        MultiLayerNetwork network = NetworkFactory.build(ModelConfig.defaults(), sample.features(), sample.classes(), 1);
        EpochLoss loss = new EpochLoss(sc, 300);
        network.setListeners(loss);
        int[] order = Minibatches.identity(sample.count());
        double expected = 0;
        // Minibatches of 300, 300 and 150: the last one weighs half as much.
        for (int[] range : new int[][] {{0, 300}, {300, 600}, {600, 750}}) {
            network.fit(Minibatches.slice(sample, order, range[0], range[1]));
            expected += network.score() * (range[1] - range[0]);
        }
        assertEquals(expected / 750, loss.takeMean(), 1e-9);
        network.fit(Minibatches.slice(sample, order, 750, 850));
        assertEquals(network.score(), loss.takeMean(), 1e-9, "each epoch's mean starts afresh");
    }
}
