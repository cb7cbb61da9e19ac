package io.paramavg.worker.train;

/**
 * Which minibatches each round covers. An epoch gives every shard {@code ceil(size / batch)}
 * minibatches; a round takes the next {@code averagingFrequency} of them from each shard, so an
 * epoch has {@code ceil(maxBatches / averagingFrequency)} rounds and a smaller shard simply has
 * fewer (or no) batches in the epoch's last round.
 *
 * @param largestShard       records in the largest shard
 * @param batchSize          records per minibatch
 * @param averagingFrequency minibatches each shard fits between two averagings
 */
public record RoundSchedule(int largestShard, int batchSize, int averagingFrequency) implements java.io.Serializable {

    public RoundSchedule {
        if (largestShard < 1 || batchSize < 1 || averagingFrequency < 1) {
            throw new IllegalArgumentException("invalid round schedule: shard=" + largestShard + ", batch="
                    + batchSize + ", frequency=" + averagingFrequency);
        }
    }

    /** Minibatches a shard of {@code shardSize} records fits per epoch. */
    public int batchesPerEpoch(int shardSize) {
        return (shardSize + batchSize - 1) / batchSize;
    }

    /** Rounds in each epoch. */
    public int roundsPerEpoch() {
        return (batchesPerEpoch(largestShard) + averagingFrequency - 1) / averagingFrequency;
    }

    /** Index of the first minibatch of {@code round} (counted within the epoch). */
    public int firstBatch(int round) {
        return round * averagingFrequency;
    }

    /** Minibatches a shard of {@code shardSize} records fits in {@code round}: possibly 0. */
    public int batchesInRound(int round, int shardSize) {
        int remaining = batchesPerEpoch(shardSize) - firstBatch(round);
        return Math.max(0, Math.min(averagingFrequency, remaining));
    }

    /** Minibatch steps the largest shard takes in {@code round}: how far the iteration counter advances. */
    public int stepsInRound(int round) {
        return batchesInRound(round, largestShard);
    }
}
