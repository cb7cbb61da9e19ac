package io.paramavg.worker.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An exported ONNX file scored by ONNX Runtime (the Java API from Maven Central, its own natives, no
 * DL4J): what a team serving the model would run. Shared with the driver's tests through the test jar.
 *
 * @param probabilities each row's class probabilities, output {@code probabilities}
 * @param classes       each row's predicted class, output {@code class}
 */
public record OnnxRuntimeScores(float[][] probabilities, long[] classes) {

    /** Scores {@code rows} rows of {@code features} values (row-major {@code x}) through input {@code features}. */
    public static OnnxRuntimeScores score(byte[] onnx, float[] x, int rows, int features) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(x), new long[] {rows, features});
             OrtSession.Result result = session.run(Map.of("features", input))) {
            float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
            long[] classes = (long[]) result.get("class").orElseThrow().getValue();
            return new OnnxRuntimeScores(probabilities, classes);
        }
    }

    /** The largest difference between these probabilities and {@code expected} (rows x classes, row-major). */
    public double largestDifference(float[] expected) {
        int classes = probabilities[0].length;
        double largest = 0;
        for (int r = 0; r < probabilities.length; r++) {
            for (int c = 0; c < classes; c++) {
                largest = Math.max(largest, Math.abs(probabilities[r][c] - expected[r * classes + c]));
            }
        }
        return largest;
    }

    /** The rows whose predicted class is not the first largest of {@code expected}'s row; empty when all agree. */
    public java.util.List<Integer> disagreements(float[] expected) {
        int k = probabilities[0].length;
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        for (int r = 0; r < classes.length; r++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (expected[r * k + c] > expected[r * k + best]) {
                    best = c;
                }
            }
            if (best != classes[r]) {
                rows.add(r);
            }
        }
        return rows;
    }
}
