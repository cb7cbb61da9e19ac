package io.paramavg.worker.train;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.testing.Generated;
import io.paramavg.worker.updater.HostUpdaters;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.paramavg.worker.testing.FloatArrays.assertClose;
import static io.paramavg.worker.testing.FloatArrays.maxDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arithmetic of parameter averaging against plain single-process DL4J, with no Spark: the
 * known answers DL4J's own TestCompareParameterAveragingSparkVsSingleMachine pins down.
 */
class ShardTrainingKnownAnswersTest {
    private static final long SEED = 42;

    /**
     * The reference is the plain DL4J program: a network built from the configuration alone, so it
     * steps with DL4J's stock (native) Adam, while the shard trains on the factory's network and its
     * Java Adam ({@link HostUpdaters}).
     */
    @ParameterizedTest(name = "hidden {0}, {1}, l2 {2}, learning-rate decay {3}: within {4}")
    @CsvSource({"8, TANH, 0, 1.0, 1e-6", "128, RELU, 1e-3, 0.95, 1e-6", "128, TANH, 1e-3, 0.95, 1e-5"})
    void oneShardInRoundsEqualsSingleProcessTrainingWithDl4jsStockAdam(int hidden, ModelConfig.Activation activation,
                                                                       double l2, double decay, double within) {
        // The second and third cases: L2, the default learning-rate decay (0.95 an epoch), and 2,563 parameters,
        // more than one of the Java Adam's 2,048-value chunks. The reference is DL4J throughout (its own pass
        // and Adam), the shard paramavg's (DenseNetwork's pass, the Java Adam): they differ only in float
        // rounding, which Adam's step amplifies where a gradient is near zero. With tanh (Java's, rounded to
        // float, against the C library's tanhf, a last-bit difference now and then) that came to 4.6e-6 after
        // these 3 epochs of lr 0.01; ReLU's pass has no such function, and stays within 1e-6.
        ModelConfig model = new ModelConfig(new int[] {hidden}, activation, 0, l2,
                ModelConfig.WeightInit.XAVIER, ModelConfig.Updater.ADAM, 0.01, 0.9, decay);
        LabeledRecords data = Generated.images(70, 1);
        int batch = 8;
        RoundSchedule schedule = new RoundSchedule(data.count(), batch, 3);

        MultiLayerNetwork reference = new MultiLayerNetwork(NetworkFactory.configuration(model, 16, 3, SEED));
        reference.init();
        MultiLayerNetwork worker = NetworkFactory.build(model, 16, 3, 999);
        ModelState state = NetworkState.capture(reference);
        ShardTrainer trainer = new ShardTrainer(batch, SEED);

        for (int epoch = 0; epoch < 3; epoch++) {
            reference.setEpochCount(epoch);
            int[] order = Permutations.epochOrder(data.count(), SEED, epoch, 0);
            for (int b = 0; b < schedule.batchesPerEpoch(data.count()); b++) {
                reference.fit(Minibatches.slice(data, order, b * batch, Math.min((b + 1) * batch, data.count())));
            }
            state = state.at(state.iteration(), epoch);
            for (int round = 0; round < schedule.roundsPerEpoch(); round++) {
                ShardResult result = trainer.fit(worker, data, 0, state, schedule.firstBatch(round),
                        schedule.batchesInRound(round, data.count()));
                state = new ParameterSum().add(result).average(state.iteration() + schedule.stepsInRound(round), epoch);
            }
        }
        assertEquals(reference.getIterationCount(), state.iteration());
        assertClose(NetworkState.capture(reference).parameters(), state.parameters(), within);
        assertClose(NetworkState.capture(reference).updaterState(), state.updaterState(), within);
        assertTrue(HostUpdaters.installed(worker), "the shard must have trained with the Java Adam");
        assertFalse(HostUpdaters.installed(reference), "the reference must have trained with DL4J's own Adam");
    }

    @Test
    void sgdAveragedAfterEveryStepOnEqualShardsEqualsTheCombinedBatch() {
        ModelConfig model = Generated.model(ModelConfig.Updater.SGD, 0.5);
        LabeledRecords data = Generated.images(64, 2);
        int batch = 4;
        int half = data.count() / 2;
        LabeledRecords shardA = data.select(range(0, half));
        LabeledRecords shardB = data.select(range(half, half));
        int[] orderA = Permutations.epochOrder(half, SEED, 0, 0);
        int[] orderB = Permutations.epochOrder(half, SEED, 0, 1);

        MultiLayerNetwork reference = NetworkFactory.build(model, 16, 3, SEED);
        MultiLayerNetwork worker = NetworkFactory.build(model, 16, 3, SEED);
        ModelState state = NetworkState.capture(reference);
        ShardTrainer trainer = new ShardTrainer(batch, SEED);
        int steps = half / batch;
        for (int step = 0; step < steps; step++) {
            int[] combined = new int[2 * batch];
            for (int i = 0; i < batch; i++) {
                combined[i] = orderA[step * batch + i];
                combined[batch + i] = half + orderB[step * batch + i];
            }
            reference.fit(Minibatches.slice(data, combined, 0, combined.length));

            ParameterSum sum = new ParameterSum()
                    .add(trainer.fit(worker, shardA, 0, state, step, 1))
                    .add(trainer.fit(worker, shardB, 1, state, step, 1));
            state = sum.average(state.iteration() + 1, 0);
        }
        float[] expected = NetworkState.capture(reference).parameters();
        assertClose(expected, state.parameters(), 1e-5);
        assertTrue(maxDifference(expected, NetworkState.capture(NetworkFactory.build(model, 16, 3, SEED))
                .parameters()) > 1e-2, "training must have moved the parameters for the comparison to mean anything");
    }

    private static int[] range(int from, int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = from + i;
        }
        return indices;
    }
}
