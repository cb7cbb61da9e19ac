package io.paramavg.worker.train;

import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.testing.Generated;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training accuracy counted from each step's own forward pass equals a separate forward pass before the step. */
class TrainingAccuracyTest {
    @Test
    void theCorrectCountIsWhatThePreStepWeightsPredict() {
        LabeledRecords shard = Generated.images(96, 3);
        ModelConfig model = Generated.model(ModelConfig.Updater.SGD, 0.5);
        MultiLayerNetwork network = NetworkFactory.build(model, shard.features(), shard.classes(), 11);
        ModelState start = NetworkState.capture(network);
        int batch = 32;
        long seed = 5;

        // The reference: before each step, predict the step's minibatch with the weights the step starts from.
        MultiLayerNetwork reference = NetworkFactory.build(model, shard.features(), shard.classes(), 11);
        NetworkState.apply(start, reference);
        int[] order = Permutations.epochOrder(shard.count(), seed, start.epoch(), 0);
        long expected = 0;
        for (int from = 0; from < shard.count(); from += batch) {
            DataSet minibatch = Minibatches.slice(shard, order, from, from + batch);
            expected += reference.output(minibatch.getFeatures(), false).argMax(1)
                    .eq(minibatch.getLabels().argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT32)
                    .sumNumber().longValue();
            reference.fit(minibatch);
        }

        ShardResult result = new ShardTrainer(batch, seed).fit(network, shard, 0, start, 0, 3);
        assertEquals(96, result.examples());
        assertEquals(expected, result.correct());
        assertTrue(expected > 0 && expected < 96, "a count between none and all: " + expected);
    }
}
