package io.paramavg.worker.onnx;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

import java.util.List;

/**
 * A hidden layer's DL4J activation as ONNX nodes, with DL4J's own constants (LeakyReLU's and ELU's
 * alpha read from the activation, not assumed). Every activation paramavg trains
 * ({@code model.activation}) is here; any other is refused by name rather than approximated.
 */
final class OnnxActivations {
    /** What the refusal lists as exported. */
    static final String EXPORTED = "relu, leakyrelu, tanh, sigmoid, elu, gelu (DL4J's default, not the precise one) "
            + "and identity";
    /**
     * ND4J's GELU (the {@code gelu} transform, not {@code precise_gelu}) is the sigmoid approximation
     * x * sigmoid(1.702 x) of Hendrycks and Gimpel, not ONNX's erf GELU (opset 20): it is written with
     * the same constant so the graph computes what the network trained with.
     */
    private static final double GELU_SIGMOID_SCALE = 1.702;

    private OnnxActivations() {
    }

    /** Adds the nodes of {@code activation} on {@code input}; returns the name of their result. */
    static String apply(OnnxGraph graph, IActivation activation, String input, String prefix, String where) {
        if (activation instanceof ActivationIdentity) {
            return input;
        }
        if (activation instanceof ActivationReLU relu) {
            if (relu.getMax() != null || nonZero(relu.getThreshold()) || nonZero(relu.getNegativeSlope())) {
                throw refuse(where, "a ReLU with a maximum, threshold or negative slope (" + relu + ")");
            }
            return graph.node("Relu", prefix + "_relu", List.of(input));
        }
        if (activation instanceof ActivationLReLU leaky) {
            return graph.node("LeakyRelu", prefix + "_leakyrelu", List.of(input),
                    OnnxGraph.Attribute.real("alpha", leaky.getAlpha()));
        }
        if (activation instanceof ActivationTanH) {
            return graph.node("Tanh", prefix + "_tanh", List.of(input));
        }
        if (activation instanceof ActivationSigmoid) {
            return graph.node("Sigmoid", prefix + "_sigmoid", List.of(input));
        }
        if (activation instanceof ActivationELU elu) {
            return graph.node("Elu", prefix + "_elu", List.of(input), OnnxGraph.Attribute.real("alpha", elu.getAlpha()));
        }
        if (activation instanceof ActivationGELU gelu) {
            if (gelu.isPrecise()) {
                throw refuse(where, "the precise (tanh) GELU");
            }
            String scale = graph.constant(prefix + "_gelu_scale", new float[] {(float) GELU_SIGMOID_SCALE}, 1);
            String scaled = graph.node("Mul", prefix + "_gelu_scaled", List.of(input, scale));
            String gate = graph.node("Sigmoid", prefix + "_gelu_gate", List.of(scaled));
            return graph.node("Mul", prefix + "_gelu", List.of(input, gate));
        }
        throw refuse(where, "activation " + activation);
    }

    private static boolean nonZero(Double value) {
        return value != null && value != 0.0;
    }

    private static ExportRefusedException refuse(String where, String what) {
        return new ExportRefusedException(where + " has " + what + "; the ONNX export translates the activations "
                + EXPORTED);
    }
}
