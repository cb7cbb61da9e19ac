package io.paramavg.worker.backprop;

import io.paramavg.worker.nd4j.HostArrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * DL4J's {@link MultiLayerNetwork} whose training step computes its gradient and score with
 * {@link DenseBackprop} when it can: DL4J's fit loop, updater, parameter step and listeners' step
 * callbacks are unchanged, only the forward and backward pass is paramavg's. It falls back to DL4J's own
 * pass for a configuration the kernel does not cover, on a backend other than the CPU one, for a
 * minibatch it cannot take (masks, another type or layout), and when a listener that is not a
 * {@link StepListener} wants DL4J's per-layer activations. Saved, it is a plain MultiLayerNetwork.
 */
@SuppressWarnings("overrides") // DL4J's own doEvaluation signature, inherited: nothing here overrides it
public class DenseNetwork extends MultiLayerNetwork {
    private static final long serialVersionUID = 1L;
    /** {@code -Dparamavg.backprop=dl4j} turns the kernel off in this JVM: for comparisons and as a way around a fault. */
    public static final String SWITCH = "paramavg.backprop";

    private transient DenseBackprop backprop;
    private transient Gradient views;
    private transient INDArray viewsOf;

    /** Told of each step the kernel computed: the records of its minibatch it classified correctly. */
    public interface StepListener extends TrainingListener {
        void onStep(Model model, long correct);
    }

    public DenseNetwork(MultiLayerConfiguration conf) {
        super(conf);
    }

    private static boolean enabled() {
        return !"dl4j".equalsIgnoreCase(System.getProperty(SWITCH, "java"))
                && HostArrays.onHost();
    }

    @Override
    public void init(INDArray parameters, boolean cloneParametersArray) {
        super.init(parameters, cloneParametersArray);
        backprop = enabled() ? DenseBackprop.of(getLayerWiseConfigurations()) : null;
    }

    /** Whether the last and the next steps run on the kernel rather than DL4J's pass (given listeners that allow it). */
    public boolean usesKernel() {
        return backprop != null;
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        computeGradientAndScore();
    }

    @Override
    public void computeGradientAndScore() {
        if (flattenedGradients == null) {
            initGradientsView();
        }
        if (backprop == null || getMaskArray() != null || getLabelsMaskArray() != null || !onlyStepListeners()
                || !backprop.accepts(input, labels, flattenedParams, flattenedGradients)) {
            super.computeGradientAndScore();
            return;
        }
        synchronizeIterEpochCounts();
        backprop.pass(input, labels, flattenedParams, flattenedGradients);
        gradient = gradientViews();
        // As BaseOutputLayer.computeScore: the summed loss over the minibatch, plus the regularization term.
        score = backprop.lossSum() / input.rows() + calcRegularizationScore(true);
        for (TrainingListener listener : trainingListeners) {
            ((StepListener) listener).onStep(this, backprop.correct());
        }
    }

    private INDArray getLabelsMaskArray() {
        Layer output = getOutputLayer();
        return output == null ? null : output.getMaskArray();
    }

    private boolean onlyStepListeners() {
        for (TrainingListener listener : trainingListeners) {
            if (!(listener instanceof StepListener)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The gradient as DL4J's pass hands it to the updater: the flattened view, and each layer's
     * {@code W} and {@code b} views keyed {@code "<layer>_<param>"}. Built once per gradient array.
     */
    private Gradient gradientViews() {
        if (views == null || viewsOf != flattenedGradients) {
            DefaultGradient built = new DefaultGradient(flattenedGradients);
            for (int i = 0; i < getnLayers(); i++) {
                Layer layer = getLayer(i);
                Map<String, INDArray> byName = DefaultParamInitializer.getInstance()
                        .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
                for (Map.Entry<String, INDArray> entry : byName.entrySet()) {
                    built.setGradientFor(i + "_" + entry.getKey(), entry.getValue());
                }
            }
            views = built;
            viewsOf = flattenedGradients;
        }
        return views;
    }
}
