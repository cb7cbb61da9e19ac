/**
 * ONNX export of a trained MLP: the network's dense layers, their activations, the softmax output
 * and the input scaling the model was trained with, written as a standard ONNX graph that ONNX
 * Runtime (Python, Java, C++, C#, the browser) scores without DL4J.
 *
 * <p>The file is written by a few dozen lines of protobuf wire-format encoding ({@link ProtoWriter})
 * rather than with protobuf-java and ONNX's generated classes: protobuf-java would put a second
 * protobuf on the classpath beside the one Spark and Hadoop shade and pin (a version clash the
 * application jar cannot settle), and an exporter only ever writes a handful of message types. What
 * it writes is checked by reading it back with ONNX Runtime in the tests, and with
 * {@code onnx.checker} in the Python tests.
 */
package io.paramavg.worker.onnx;
