package io.paramavg.worker.train;

import io.paramavg.worker.data.LabeledImages;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkState;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * Fits one shard's share of one round: load the broadcast state into a (reused) network, fit the
 * round's minibatches in the epoch's order for this shard, hand back the new state. Everything it
 * does follows from its arguments, so a retried task recomputes exactly the same result.
 */
public final class ShardTrainer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private final long seed;

    public ShardTrainer(int batchSize, long seed) {
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /**
     * Trains {@code network} on minibatches {@code [firstBatch, firstBatch + batches)} of
     * {@code shard}'s order for {@code start.epoch()}, starting from {@code start}.
     */
    public ShardResult fit(MultiLayerNetwork network, LabeledImages shard, int shardIndex, ModelState start,
                           int firstBatch, int batches) {
        if (batches == 0) {
            return new ShardResult(start.parameters(), start.updaterState(), 0, 0, 0, 0, ShardResult.thisProcess());
        }
        long began = System.nanoTime();
        NetworkState.apply(start, network);
        // Dropout draws from ND4J's random generator: seed it per round and shard so runs repeat.
        Nd4j.getRandom().setSeed(Seeds.derive(seed, Seeds.DROPOUT, start.epoch(), start.iteration(), shardIndex));
        int[] order = Permutations.epochOrder(shard.count(), seed, start.epoch(), shardIndex);
        long examples = 0;
        double lossSum = 0;
        for (int b = firstBatch; b < firstBatch + batches; b++) {
            int from = b * batchSize;
            int to = Math.min(from + batchSize, shard.count());
            network.fit(Minibatches.slice(shard, order, from, to));
            int size = to - from;
            lossSum += network.score() * size;
            examples += size;
        }
        ModelState end = NetworkState.capture(network);
        return new ShardResult(end.parameters(), end.updaterState(), examples, lossSum, batches,
                System.nanoTime() - began, ShardResult.thisProcess());
    }
}
