package io.paramavg.worker.train;

import io.paramavg.worker.backprop.DenseNetwork;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.nd4j.HostArrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits one shard's share of one round: load the round's start state into a (reused) network, fit
 * the round's minibatches in the epoch's order for this shard, hand back the new state. Everything it
 * does follows from its arguments, so a retried task recomputes exactly the same result.
 */
public final class ShardTrainer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private final long seed;
    /** This epoch's record order per shard: one shuffle of the shard per epoch, not one per round. */
    private transient Map<Integer, int[]> orders;
    private transient int ordersEpoch;

    public ShardTrainer(int batchSize, long seed) {
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /**
     * Trains {@code network} on minibatches {@code [firstBatch, firstBatch + batches)} of
     * {@code shard}'s order for {@code start.epoch()}, starting from {@code start}.
     */
    public ShardResult fit(MultiLayerNetwork network, LabeledRecords shard, int shardIndex, ModelState start,
                           int firstBatch, int batches) {
        return fit(network, shard, shardIndex, start, firstBatch, batches, null);
    }

    /**
     * As above, capturing the end state into {@code into}'s arrays where they fit (see
     * {@link NetworkState#captureInto}): the result then shares them, until the caller's next use.
     */
    public ShardResult fit(MultiLayerNetwork network, LabeledRecords shard, int shardIndex, ModelState start,
                           int firstBatch, int batches, ModelState into) {
        if (batches == 0) {
            return new ShardResult(start.parameters(), start.updaterState(), 0, 0, 0, 0, 0, ShardResult.thisProcess());
        }
        long began = System.nanoTime();
        NetworkState.apply(start, network);
        // Dropout draws from ND4J's random generator: seed it per round and shard so runs repeat.
        Nd4j.getRandom().setSeed(Seeds.derive(seed, Seeds.DROPOUT, start.epoch(), start.iteration(), shardIndex));
        int[] order = epochOrder(shard.count(), start.epoch(), shardIndex);
        // One fit(iterator) call for the round rather than a fit(DataSet) per minibatch: the same
        // steps, with DL4J's per-call set-up paid once. Each such call counts as an epoch for DL4J,
        // which would decay an epoch-scheduled learning rate every round: the counter is put back.
        LossSum loss = new LossSum();
        network.setListeners(loss);
        try {
            network.fit(new RoundBatches(shard, order, batchSize, firstBatch, batches));
        } finally {
            network.setListeners();
            network.setEpochCount(start.epoch());
        }
        long examples = loss.examples;
        double lossSum = loss.sum;
        ModelState end = NetworkState.captureInto(network, into);
        return new ShardResult(end.parameters(), end.updaterState(), examples, lossSum, loss.correct, batches,
                System.nanoTime() - began, ShardResult.thisProcess());
    }

    /**
     * {@link Permutations#epochOrder}, kept for the epoch: a round needs only a slice of it, and shuffling
     * a 30,000-record shard every round cost 4% of its training in a profile.
     */
    private synchronized int[] epochOrder(int records, int epoch, int shardIndex) {
        if (orders == null || ordersEpoch != epoch) {
            orders = new HashMap<>();
            ordersEpoch = epoch;
        }
        int[] order = orders.get(shardIndex);
        if (order == null || order.length != records) {
            order = Permutations.epochOrder(records, seed, epoch, shardIndex);
            orders.put(shardIndex, order);
        }
        return order;
    }

    /**
     * Sums each minibatch's mean loss times its size as DL4J finishes the step: the score a listener
     * sees after a step is the one {@code network.score()} gave after a {@code fit(DataSet)}. It also
     * counts the records the step's own forward pass classified correctly, so training accuracy costs no
     * second pass: {@link DenseNetwork}'s kernel counts them itself; on DL4J's own pass, listeners get the
     * activations up to the last hidden layer, and the output layer's arg-max is one small product away
     * (softmax keeps the order of its inputs).
     */
    private static final class LossSum extends BaseTrainingListener implements DenseNetwork.StepListener {
        long examples;
        double sum;
        long correct;

        /** A step {@link DenseNetwork}'s kernel computed: it counted the correct records itself. */
        @Override
        public void onStep(Model model, long correctInStep) {
            correct += correctInStep;
        }

        /** A step DL4J's own pass computed. */
        @Override
        @SuppressWarnings("try") // the workspace scope is opened for its effect: the arrays below live outside it
        public void onForwardPass(Model model, List<INDArray> activations) {
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray hidden = activations.get(activations.size() - 1);
                Layer output = network.getOutputLayer();
                // A minibatch's logits and labels are a few hundred values: compared here, in Java, rather
                // than with four more ND4J calls (two arg-maxes, eq, sum), which cost more than the counting.
                INDArray logits = hidden.mmul(output.getParam("W")).addiRowVector(output.getParam("b"));
                int classes = logits.columns();
                float[] predicted = rowMajor(logits);
                float[] actual = rowMajor(network.getLabels());
                for (int at = 0; at < predicted.length; at += classes) {
                    if (argMax(predicted, at, classes) == argMax(actual, at, classes)) {
                        correct++;
                    }
                }
            }
        }

        /** A matrix's values row after row (a copy; {@code toFloatMatrix} would cost native calls per row). */
        private static float[] rowMajor(INDArray matrix) {
            INDArray rows = HostArrays.isWholeHostFloatBuffer(matrix) ? matrix : matrix.dup('c');
            return rows.data().asFloat();
        }

        /** Which of {@code count} values from {@code from} is largest, the first on a tie (as ND4J's argMax). */
        private static int argMax(float[] values, int from, int count) {
            int best = 0;
            for (int i = 1; i < count; i++) {
                if (values[from + i] > values[from + best]) {
                    best = i;
                }
            }
            return best;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            int size = model.batchSize();
            sum += model.score() * size;
            examples += size;
        }
    }
}
