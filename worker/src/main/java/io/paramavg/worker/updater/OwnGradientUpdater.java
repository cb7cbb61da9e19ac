package io.paramavg.worker.updater;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * DL4J's {@link MultiLayerUpdater}, told that the gradient it is handed is the network's own. DL4J
 * decides whether a step's gradient is "external" (computed by another network) by object identity
 * with its flattened gradient view, but {@code DefaultGradient.gradient()} returns a new reshaped
 * view of that array on every call, so in DL4J 1.0.0-M2.1 every step of every network takes the
 * external path: per step it builds a parameter and a gradient view per variable for the
 * regularization passes (with none configured) and new minibatch-division views, about a tenth of a
 * minibatch's time in a profile of one shard's training. This updater hands DL4J the view it
 * expects when the gradient lies exactly on the network's own gradient buffer; the arithmetic is the
 * same, only the bookkeeping is skipped.
 */
final class OwnGradientUpdater extends MultiLayerUpdater {
    private static final long serialVersionUID = 1L;

    OwnGradientUpdater(MultiLayerNetwork network) {
        super(network);
    }

    @Override
    public void update(Trainable layer, Gradient gradient, int iteration, int epoch, int batchSize,
                       LayerWorkspaceMgr workspaceMgr) {
        INDArray own = getFlattenedGradientsView();
        INDArray given = gradient.gradient();
        Gradient step = given != own && sameValues(given, own) ? new OnView(gradient, own) : gradient;
        super.update(layer, step, iteration, epoch, batchSize, workspaceMgr);
    }

    /** Whether two arrays are the same values in the same memory (a reshaped view of the other). */
    private static boolean sameValues(INDArray a, INDArray b) {
        return a != null && b != null && a.data() == b.data() && a.offset() == b.offset() && a.length() == b.length()
                && a.elementWiseStride() == 1 && b.elementWiseStride() == 1;
    }

    /** A gradient whose flattened array is {@code view} itself; everything else is the original's. */
    private record OnView(Gradient original, INDArray view) implements Gradient {
        @Override
        public Map<String, INDArray> gradientForVariable() {
            return original.gradientForVariable();
        }

        @Override
        public INDArray gradient(List<String> order) {
            return original.gradient(order);
        }

        @Override
        public INDArray gradient() {
            return view;
        }

        @Override
        public void clear() {
            original.clear();
        }

        @Override
        public INDArray getGradientFor(String variable) {
            return original.getGradientFor(variable);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient) {
            return original.setGradientFor(variable, gradient);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient, Character flatteningOrder) {
            return original.setGradientFor(variable, gradient, flatteningOrder);
        }

        @Override
        public Character flatteningOrderForVariable(String variable) {
            return original.flatteningOrderForVariable(variable);
        }
    }
}
