package io.paramavg.worker.updater;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
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
        Gradient step = given != own && isOwnGradient(given, own) ? new OnView(gradient, own) : gradient;
        super.update(layer, step, iteration, epoch, batchSize, workspaceMgr);
    }

    /**
     * Whether {@code given} is {@code own} under another name: the same values in the same memory. A
     * reshape of the network's gradient view comes back on a view buffer of its own (a new
     * {@code DataBuffer} object over the same memory), so buffers are compared by the buffer they view.
     */
    static boolean isOwnGradient(INDArray given, INDArray own) {
        return given != null && own != null && given.dataType() == own.dataType() && given.length() == own.length()
                && given.elementWiseStride() == 1 && own.elementWiseStride() == 1 && given.offset() == own.offset()
                && viewed(given.data()) == viewed(own.data());
    }

    /** The buffer that owns {@code buffer}'s memory: itself unless it is a view of another. */
    private static DataBuffer viewed(DataBuffer buffer) {
        DataBuffer original = buffer.originalDataBuffer();
        return original == null ? buffer : original;
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
