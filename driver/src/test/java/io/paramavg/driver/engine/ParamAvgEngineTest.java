package io.paramavg.driver.engine;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.DataFiles;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.IdxLoader;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.testing.LocalSpark;
import io.paramavg.driver.testing.Stranger;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.scaling.AveragingRule;
import io.paramavg.worker.scaling.FirstMoments;
import io.paramavg.worker.train.Minibatches;
import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.train.Permutations;
import io.paramavg.worker.train.RoundSchedule;
import io.paramavg.worker.train.ShardResult;
import io.paramavg.worker.train.ShardTrainer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.paramavg.worker.testing.FloatArrays.maxDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine on real Spark (local[2]) against plain single-process DL4J, on a slice of the embedded sample. */
class ParamAvgEngineTest {
    private static final HadoopConf CONF = new HadoopConf(new Configuration());
    private static JavaSparkContext sc;
    private static LoadedData.Idx data;

    @BeforeAll
    static void start() throws IOException {
        sc = LocalSpark.start();
        RunConfig defaults = RunConfig.from(Settings.defaults());
        data = IdxLoader.load(DataFiles.resolve(defaults.data(), CONF), 0, CONF);
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    private static RunConfig config(int shards, String... assignments) {
        Settings settings = Settings.defaults()
                .with(ConfigKey.MODEL_HIDDEN_LAYERS, "32")
                .with(ConfigKey.TRAIN_EPOCHS, "2")
                .with(ConfigKey.TRAIN_BATCH_SIZE, "64")
                .with(ConfigKey.TRAIN_AVERAGING_FREQUENCY, "7")
                .with(ConfigKey.TRAIN_EVAL_EVERY, "0")
                .with(ConfigKey.TRAIN_SHARDS, String.valueOf(shards));
        for (String assignment : assignments) {
            settings = settings.withAssignment(assignment);
        }
        return RunConfig.from(settings);
    }

    private static TrainingResult train(RunConfig config) {
        return new ParamAvgEngine(sc).train(config, data, TrainingListener.NONE, Checkpointing.NONE);
    }

    /**
     * Single-process training of {@code network} on the one shard of {@code train} that {@code config}'s
     * seed makes, minibatch by minibatch in the order a one-shard run fits them; returns its end state.
     */
    private static ModelState fitOneShardInOrder(MultiLayerNetwork network, LabeledRecords train, RunConfig config) {
        long seed = config.training().seed();
        LabeledRecords shard = train.select(Permutations.split(train.count(), 1, seed)[0]);
        int batch = config.training().batchSize();
        for (int epoch = 0; epoch < config.training().epochs(); epoch++) {
            network.setEpochCount(epoch);
            int[] order = Permutations.epochOrder(shard.count(), seed, epoch, 0);
            for (int from = 0; from < shard.count(); from += batch) {
                network.fit(Minibatches.slice(shard, order, from, Math.min(from + batch, shard.count())));
            }
        }
        return NetworkState.capture(network);
    }

    @Test
    void oneShardEqualsSingleProcessTrainingOnTheSameOrder() throws java.io.IOException {
        RunConfig config = config(1);
        TrainingResult distributed = train(config);

        LabeledRecords train = data.files().train().read(0, CONF);
        ModelState expected = fitOneShardInOrder(NetworkFactory.build(config.model(), train.features(),
                train.classes(), config.training().seed()), train, config);
        assertEquals(expected.iteration(), distributed.finalState().iteration());
        assertTrue(maxDifference(expected.parameters(), distributed.finalState().parameters()) <= 1e-6,
                "parameters differ by " + maxDifference(expected.parameters(), distributed.finalState().parameters()));
        assertTrue(maxDifference(expected.updaterState(), distributed.finalState().updaterState()) <= 1e-6);
    }

    @Test
    void oneShardOnSparkTrainsAsStockDl4jDoesOnTheSameOrder() throws java.io.IOException {
        // The test above compares with paramavg's own network (its host-side Adam and shape cache); this one
        // with DL4J as shipped: MultiLayerNetwork and its own Adam, built from the same configuration. They
        // differ only in the order of float operations inside Adam's update (HostAdamTest: 1e-6 a step).
        RunConfig config = config(1);
        TrainingResult distributed = train(config);

        LabeledRecords train = data.files().train().read(0, CONF);
        MultiLayerNetwork stock = new MultiLayerNetwork(NetworkFactory.configuration(config.model(), train.features(),
                train.classes(), config.training().seed()));
        stock.init();
        ModelState expected = fitOneShardInOrder(stock, train, config);
        assertEquals(expected.iteration(), distributed.finalState().iteration());
        double differ = maxDifference(expected.parameters(), distributed.finalState().parameters());
        assertTrue(differ <= 1e-4, "parameters differ from stock DL4J's by " + differ);
        // Not trivially close: the parameters moved far more than that from where both started.
        ModelState initial = NetworkState.capture(NetworkFactory.build(config.model(), train.features(),
                train.classes(), config.training().seed()));
        assertTrue(maxDifference(initial.parameters(), expected.parameters()) > 0.01);
    }

    @Test
    void moreShardsThanTaskSlotsTrainAsOneTaskPerShard() throws IOException {
        // local[2] has 2 task slots: 4 shards run as 2 barrier tasks holding 2 shards each. The reference
        // is one task per shard, simulated in process: every shard fits each round from the same state,
        // the results are averaged in shard order, and the averaging rule (the defaults, applied from 2
        // shards: a block-momentum rule, the learning rate scaled and warmed up, first moments reset) takes
        // the step from the average; each round the shards start from the rule's start (its look-ahead, if
        // it has one).
        RunConfig config = config(4, "train.scaling-from-shards=2");
        TrainingResult distributed = train(config);
        assertTrue(distributed.finalState().hasBlockDelta(), "the defaults average with block momentum");
        assertTrue(config.scaling().rule(4).lookAhead(), "the defaults take the outer Nesterov step");

        LabeledRecords train = data.files().train().read(0, CONF);
        long seed = config.training().seed();
        int[][] split = Permutations.split(train.count(), 4, seed);
        RoundSchedule schedule = new RoundSchedule((train.count() + 3) / 4, config.training().batchSize(),
                config.training().averagingFrequency());
        ShardTrainer trainer = new ShardTrainer(config.training().batchSize(), seed);
        MultiLayerNetwork network = NetworkFactory.build(config.model(), train.features(), train.classes(), 0,
                config.scaling().learningRate(4, schedule.batchesPerEpoch((train.count() + 3) / 4)));
        AveragingRule rule = config.scaling().rule(4);
        int[] firstMoments = FirstMoments.ranges(network);
        ModelState state = NetworkState.capture(NetworkFactory.build(config.model(), train.features(), train.classes(),
                seed));
        for (int epoch = 0; epoch < config.training().epochs(); epoch++) {
            state = state.at(state.iteration(), epoch);
            for (int round = 0; round < schedule.roundsPerEpoch(); round++) {
                ParameterSum sum = new ParameterSum();
                ModelState start = rule.startOf(state);
                for (int s = 0; s < 4; s++) {
                    LabeledRecords shard = train.select(split[s]);
                    ShardResult fitted = trainer.fit(network, shard, s, start, schedule.firstBatch(round),
                            schedule.batchesInRound(round, shard.count()));
                    // What the rule has the exchange carry (here: without the first moments it restarts).
                    int exchanged = rule.exchangedLength(fitted.updaterState().length, firstMoments);
                    sum.add(fitted.withUpdaterState(rule.exchanged(fitted.updaterState(), firstMoments,
                            new float[exchanged])));
                }
                state = rule.next(state, sum.average(state.iteration() + schedule.stepsInRound(round), epoch),
                        firstMoments);
            }
        }
        assertEquals(state.iteration(), distributed.finalState().iteration());
        assertTrue(maxDifference(state.parameters(), distributed.finalState().parameters()) <= 1e-5,
                "parameters differ by " + maxDifference(state.parameters(), distributed.finalState().parameters()));
        assertTrue(maxDifference(state.updaterState(), distributed.finalState().updaterState()) <= 1e-5);
        assertTrue(maxDifference(state.blockDelta(), distributed.finalState().blockDelta()) <= 1e-5);
    }

    @Test
    void sameSeedAndConfigurationGiveIdenticalParameters() {
        TrainingResult first = train(config(3));
        TrainingResult second = train(config(3));
        assertArrayEquals(first.finalState().parameters(), second.finalState().parameters());
        assertEquals(first.evaluation().accuracy(), second.evaluation().accuracy());
    }

    @Test
    void encryptedInClearAndPokedByAStrangerTheRunEndsWithTheSameBits() throws Exception {
        TrainingResult clear = train(config(2, "train.epochs=1", "train.exchange-encryption=off"));
        TrainingResult encrypted = train(config(2, "train.epochs=1", "train.exchange-encryption=on"));
        TrainingResult poked;
        int pokes;
        try (Stranger stranger = Stranger.start("127.0.0.1")) {
            // Encrypted, so the stranger meets the frames and handshake context a run on a cluster has.
            poked = train(config(2, "train.epochs=1", "train.exchange-encryption=on"));
            pokes = stranger.pokes();
        }
        assertTrue(pokes > 0, "the stranger never found a port to poke: the test proves nothing");
        assertArrayEquals(clear.finalState().parameters(), encrypted.finalState().parameters());
        assertArrayEquals(clear.finalState().updaterState(), encrypted.finalState().updaterState());
        assertArrayEquals(clear.finalState().parameters(), poked.finalState().parameters());
        assertArrayEquals(clear.finalState().updaterState(), poked.finalState().updaterState());
        assertEquals(clear.rounds().size(), poked.rounds().size());
    }

    @Test
    void everyRoundIsReportedAndTheTestSetIsEvaluatedAfterTheLastEpoch() {
        TrainingResult result = train(config(2));
        // 4,000 records per shard / 64 = 63 minibatches; every 7 -> 9 rounds per epoch.
        assertEquals(2 * 9, result.rounds().size());
        assertEquals(2, result.epochs().size());
        assertEquals(null, result.epochs().get(0).evaluation());
        assertEquals(2000, result.evaluation().getNumRowCounter());
        // Seeded: 2 epochs of a 32-unit MLP on 2 shards reach this on the embedded test set, every run.
        assertEquals(0.8785, result.evaluation().accuracy(), 0.005);
        long examples = result.rounds().stream().mapToLong(RoundReport::examples).sum();
        assertEquals(2L * data.train().count(), examples);
    }

    @Test
    void anAbsurdLearningRateStopsWithADivergenceErrorNamingTheRound() {
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> train(config(2, "model.learning-rate=1e12", "model.updater=sgd")));
        assertTrue(e.getMessage().startsWith("training diverged in round "), e.getMessage());
        assertTrue(e.getMessage().contains("lower model.learning-rate"), e.getMessage());
    }
}
