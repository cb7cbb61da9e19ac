package io.paramavg.worker.eval;

import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.train.Minibatches;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Classification metrics of a network on one block of records, as a DL4J {@link Evaluation},
 * which merges exactly across shards (it is a confusion matrix underneath).
 */
public final class ShardEvaluator {
    private static final int BATCH = 1024;
    private static final double MIN_PROBABILITY = 1e-10;

    private ShardEvaluator() {
    }

    /** Evaluates {@code network} (in inference mode) on every record of {@code data}. */
    public static Evaluation evaluate(MultiLayerNetwork network, LabeledRecords data) {
        return score(network, data).evaluation();
    }

    /** Metrics and cross-entropy loss of {@code network} (in inference mode) on every record of {@code data}. */
    public static Scored score(MultiLayerNetwork network, LabeledRecords data) {
        Evaluation evaluation = new Evaluation(data.classes());
        double lossSum = 0;
        int[] order = Minibatches.identity(data.count());
        for (int from = 0; from < data.count(); from += BATCH) {
            DataSet batch = Minibatches.slice(data, order, from, Math.min(from + BATCH, data.count()));
            INDArray output = network.output(batch.getFeatures(), false);
            evaluation.eval(batch.getLabels(), output);
            // The probability of each record's own class: labels are one-hot. Clipped as DL4J's MCXENT clips.
            INDArray own = output.mul(batch.getLabels()).sum(1);
            lossSum -= Transforms.log(Transforms.max(own, MIN_PROBABILITY, false), false).sumNumber().doubleValue();
        }
        return new Scored(evaluation, lossSum, data.count());
    }
}
