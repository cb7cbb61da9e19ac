package io.paramavg.worker.onnx;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained MLP as an ONNX model: the input scaling, one Gemm per dense layer (Y = X W + b, DL4J's
 * own weight layout, so no transpose) with its activation, Softmax over the output layer, and the
 * predicted class as ArgMax. Input {@value #INPUT} is float [batch, features]; outputs are
 * {@value #PROBABILITIES} (float [batch, classes]) and {@value #CLASS} (int64 [batch]); the batch
 * dimension is symbolic, so any number of rows is scored in one call.
 *
 * <p>Opset {@value #OPSET} (IR version {@value #IR_VERSION}): every operator used here exists in that
 * form since opset 13, which ONNX Runtime has supported since 1.6 and every current converter reads.
 * What the graph cannot say exactly as DL4J computes it is refused ({@link ExportRefusedException}),
 * never approximated.
 */
public final class OnnxExport {
    /** The ONNX operator set the graph is written against. */
    public static final int OPSET = 13;
    /** The ONNX IR version that goes with opset 13. */
    public static final int IR_VERSION = 7;
    /** The graph's input: the features, as the data stores them. */
    public static final String INPUT = "features";
    /** The graph's output: the class probabilities. */
    public static final String PROBABILITIES = "probabilities";
    /** The graph's output: the predicted class index (the first of equal probabilities, as paramavg predicts). */
    public static final String CLASS = "class";
    /** The symbolic batch dimension. */
    public static final String BATCH = "batch";
    private static final Set<String> DENSE_PARAMETERS = Set.of("W", "b");

    private OnnxExport() {
    }

    /**
     * The ONNX file of {@code network}, whose inputs are scaled by {@code steps} (in order) first;
     * {@code metadata} becomes the model's metadata_props and {@code description} its doc_string.
     *
     * @throws ExportRefusedException when the network holds anything but dense layers and a softmax
     *                                output layer, or an activation it cannot translate exactly
     */
    public static byte[] write(MultiLayerNetwork network, List<InputStep> steps, Map<String, String> metadata,
                               String producerVersion, String description) {
        refusePreprocessors(network);
        Layer[] layers = network.getLayers();
        long inputs = network.layerInputSize(0);
        long classes = network.layerSize(layers.length - 1);
        OnnxGraph graph = new OnnxGraph("paramavg_mlp");
        String x = graph.input(INPUT, OnnxGraph.FLOAT, BATCH, inputs);
        x = scale(graph, x, steps, inputs);
        for (int i = 0; i < layers.length; i++) {
            x = layer(graph, layers[i], i, i == layers.length - 1, x);
        }
        graph.output(x, OnnxGraph.FLOAT, BATCH, classes);
        graph.node("ArgMax", CLASS, List.of(x), OnnxGraph.Attribute.integer("axis", 1),
                OnnxGraph.Attribute.integer("keepdims", 0));
        graph.output(CLASS, OnnxGraph.INT64, BATCH);
        return graph.model(IR_VERSION, OPSET, "paramavg", producerVersion, description, metadata);
    }

    private static void refusePreprocessors(MultiLayerNetwork network) {
        Map<Integer, InputPreProcessor> preprocessors = network.getLayerWiseConfigurations().getInputPreProcessors();
        if (preprocessors != null && !preprocessors.isEmpty()) {
            Map.Entry<Integer, InputPreProcessor> first = preprocessors.entrySet().iterator().next();
            throw new ExportRefusedException("layer " + first.getKey() + " has input preprocessor "
                    + first.getValue().getClass().getSimpleName() + "; the export translates MLPs whose layers take "
                    + "the previous layer's output as it is");
        }
    }

    private static String scale(OnnxGraph graph, String input, List<InputStep> steps, long inputs) {
        String x = input;
        for (int s = 0; s < steps.size(); s++) {
            InputStep step = steps.get(s);
            float[] values = step.values();
            if (values.length != 1 && values.length != inputs) {
                throw new IllegalArgumentException("input step " + s + " (" + step.operation() + ") has "
                        + values.length + " values; expected 1 or " + inputs + " (one per feature)");
            }
            String name = "scaling_" + s + "_" + step.operation().name().toLowerCase(java.util.Locale.ROOT);
            String constant = graph.constant(name + "_values", values, values.length);
            x = graph.node(step.operation().onnxOperator(), name, List.of(x, constant));
        }
        return x;
    }

    private static String layer(OnnxGraph graph, Layer layer, int index, boolean last, String input) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        String where = "layer " + index + " (" + conf.getClass().getSimpleName() + ")";
        boolean dense = conf.getClass() == DenseLayer.class;
        boolean output = conf.getClass() == OutputLayer.class;
        if (!(last ? output : dense)) {
            throw new ExportRefusedException(where + " is not " + (last ? "an OutputLayer" : "a DenseLayer")
                    + "; the export translates MLPs: DenseLayers, then one OutputLayer with softmax");
        }
        org.deeplearning4j.nn.conf.layers.FeedForwardLayer feedForward =
                (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf;
        if (dense && ((DenseLayer) conf).hasLayerNorm()) {
            throw new ExportRefusedException(where + " has layer normalisation");
        }
        if (feedForward.getWeightNoise() != null) {
            throw new ExportRefusedException(where + " has weight noise " + feedForward.getWeightNoise());
        }
        List<String> unknown = new ArrayList<>(layer.paramTable().keySet());
        unknown.removeAll(DENSE_PARAMETERS);
        if (!unknown.isEmpty() || !layer.paramTable().containsKey("W")) {
            throw new ExportRefusedException(where + " has parameters " + layer.paramTable().keySet()
                    + "; the export translates a weight matrix W and an optional bias b");
        }
        String prefix = last ? "output" : "dense_" + index;
        long nIn = feedForward.getNIn();
        long nOut = feedForward.getNOut();
        String weights = graph.constant(prefix + "_W", flatten(layer.getParam("W").toFloatMatrix()), nIn, nOut);
        List<String> gemmInputs = new ArrayList<>(List.of(input, weights));
        if (layer.paramTable().containsKey("b")) {
            gemmInputs.add(graph.constant(prefix + "_b", layer.getParam("b").toFloatVector(), nOut));
        }
        String linear = graph.node("Gemm", prefix + "_gemm", gemmInputs);
        if (!last) {
            return OnnxActivations.apply(graph, feedForward.getActivationFn(), linear, prefix, where);
        }
        if (!(feedForward.getActivationFn() instanceof ActivationSoftmax)) {
            throw new ExportRefusedException(where + " has activation " + feedForward.getActivationFn()
                    + "; the export translates an output layer with softmax (class probabilities)");
        }
        return graph.node("Softmax", PROBABILITIES, List.of(linear), OnnxGraph.Attribute.integer("axis", 1));
    }

    private static float[] flatten(float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return flat;
    }
}
