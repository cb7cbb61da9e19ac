/**
 * A saved model in another format, for the teams that serve models without DL4J: today ONNX, with
 * the input scaling the model was trained with as graph nodes and its provenance and label mapping
 * as the ONNX model's metadata. The graph itself is built in the worker ({@code io.paramavg.worker.onnx},
 * no Spark); this package reads what the model carries (manifest, normalizer) into it and writes the
 * file the way every output is written: whole, under a temporary name, then renamed.
 */
package io.paramavg.driver.export;
