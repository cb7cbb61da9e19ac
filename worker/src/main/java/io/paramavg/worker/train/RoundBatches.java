package io.paramavg.worker.train;

import io.paramavg.worker.data.LabeledRecords;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * One round's minibatches of one shard, cut lazily from the shard's bytes, for a single
 * {@code MultiLayerNetwork.fit(DataSetIterator)} call. Written out rather than a
 * {@code ListDataSetIterator}: that one's one-argument constructor merges 5 DataSets per step (a
 * batch of 32 silently becomes 160). Not resettable and not asynchronous: DL4J would otherwise
 * prefetch on another thread, outside the fitting thread's workspaces (and the minibatch it refills in
 * place would change under it).
 */
final class RoundBatches implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient LabeledRecords shard;
    private final int[] order;
    private final int batchSize;
    private final int lastBatch;
    private int nextBatch;
    /** The full-size minibatch, refilled at every step once cut (the round's last may be smaller). */
    private DataSet reused;

    /** Minibatches {@code [firstBatch, firstBatch + batches)} of {@code shard} in {@code order}. */
    RoundBatches(LabeledRecords shard, int[] order, int batchSize, int firstBatch, int batches) {
        this.shard = shard;
        this.order = order;
        this.batchSize = batchSize;
        this.nextBatch = firstBatch;
        this.lastBatch = firstBatch + batches;
    }

    @Override
    public boolean hasNext() {
        return nextBatch < lastBatch;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the round's minibatches are used up");
        }
        int from = nextBatch * batchSize;
        int to = Math.min(from + batchSize, shard.count());
        nextBatch++;
        if (to - from != batchSize) {
            return Minibatches.slice(shard, order, from, to);
        }
        if (reused == null) {
            reused = Minibatches.slice(shard, order, from, to);
        } else {
            // DL4J has finished with the previous step's arrays when it asks for the next minibatch.
            Minibatches.refill(reused, shard, order, from);
        }
        return reused;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("a round's minibatches have a fixed size");
    }

    @Override
    public int inputColumns() {
        return shard.features();
    }

    @Override
    public int totalOutcomes() {
        return shard.classes();
    }

    @Override
    public boolean resetSupported() {
        return false;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("a round's minibatches are fitted once");
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("minibatches are scaled as they are cut");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
