package io.paramavg.worker.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph being built (nodes in topological order, float constants as initializers, typed
 * inputs and outputs) and the model file around it. It knows the ONNX messages it writes
 * ({@code onnx.proto}'s ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto, TensorShapeProto) by their field numbers and nothing of networks.
 */
final class OnnxGraph {
    /** TensorProto.DataType FLOAT. */
    static final int FLOAT = 1;
    /** TensorProto.DataType INT64. */
    static final int INT64 = 7;
    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Map<String, String> names = new LinkedHashMap<>();

    OnnxGraph(String name) {
        this.name = name;
    }

    /** A node attribute: an integer ({@code axis}) or a float ({@code alpha}). */
    record Attribute(String name, boolean isFloat, double value) {
        static Attribute integer(String name, long value) {
            return new Attribute(name, false, value);
        }

        static Attribute real(String name, double value) {
            return new Attribute(name, true, value);
        }

        ProtoWriter encode() {
            ProtoWriter attribute = new ProtoWriter().string(1, name);
            if (isFloat) {
                return attribute.float32(2, (float) value).varint(20, ATTRIBUTE_FLOAT);
            }
            return attribute.varint(3, (long) value).varint(20, ATTRIBUTE_INT);
        }
    }

    /** A float constant of shape {@code dims} (row-major {@code values}); returns its name. */
    String constant(String tensor, float[] values, long... dims) {
        claim(tensor, "constant");
        long size = 1;
        ProtoWriter proto = new ProtoWriter();
        for (long dim : dims) {
            proto.varint(1, dim);
            size *= dim;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("constant " + tensor + ": " + values.length + " values for a shape of "
                    + size);
        }
        initializers.add(proto.varint(2, FLOAT).string(8, tensor).bytes(9, ProtoWriter.littleEndian(values)));
        return tensor;
    }

    /** A node computing {@code output} from {@code inputs}; returns the output's name. */
    String node(String opType, String output, List<String> nodeInputs, Attribute... attributes) {
        claim(output, opType + " output");
        ProtoWriter node = new ProtoWriter();
        for (String input : nodeInputs) {
            if (!names.containsKey(input)) {
                throw new IllegalArgumentException(opType + " node " + output + ": input " + input
                        + " is not defined before it");
            }
            node.string(1, input);
        }
        node.string(2, output).string(3, output).string(4, opType);
        for (Attribute attribute : attributes) {
            node.message(5, attribute.encode());
        }
        nodes.add(node);
        return output;
    }

    /** A graph input of element type {@code type}; a dimension is a size (Long) or a symbolic name (String). */
    String input(String value, int type, Object... dims) {
        claim(value, "input");
        inputs.add(valueInfo(value, type, dims));
        return value;
    }

    /** Declares the already computed {@code value} a graph output. */
    void output(String value, int type, Object... dims) {
        if (!names.containsKey(value)) {
            throw new IllegalArgumentException("output " + value + " is not computed by the graph");
        }
        outputs.add(valueInfo(value, type, dims));
    }

    private void claim(String value, String what) {
        String before = names.putIfAbsent(value, what);
        if (before != null) {
            throw new IllegalArgumentException("graph value " + value + " is defined twice (" + before + ", " + what
                    + ")");
        }
    }

    private static ProtoWriter valueInfo(String value, int type, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object dim : dims) {
            ProtoWriter dimension = new ProtoWriter();
            if (dim instanceof String symbolic) {
                dimension.string(2, symbolic);
            } else {
                dimension.varint(1, ((Number) dim).longValue());
            }
            shape.message(1, dimension);
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, type).message(2, shape);
        return new ProtoWriter().string(1, value).message(2, new ProtoWriter().message(1, tensor));
    }

    /**
     * The model file: this graph under IR version {@code irVersion}, importing the default ONNX
     * domain at {@code opset}, with the producer's name and version, a description, and
     * {@code metadata} as metadata_props (in order).
     */
    byte[] model(int irVersion, int opset, String producer, String producerVersion, String description,
                 Map<String, String> metadata) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(node -> graph.message(1, node));
        graph.string(2, name);
        initializers.forEach(initializer -> graph.message(5, initializer));
        inputs.forEach(input -> graph.message(11, input));
        outputs.forEach(output -> graph.message(12, output));
        ProtoWriter model = new ProtoWriter()
                .varint(1, irVersion)
                .string(2, producer)
                .string(3, producerVersion)
                .string(6, description)
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, opset));
        metadata.forEach((key, value) -> model.message(14, new ProtoWriter().string(1, key).string(2, value)));
        return model.toByteArray();
    }
}
