package io.paramavg.worker.nd4j;

import org.nd4j.linalg.factory.Nd4j;

/** A JVM whose first ND4J call creates an array, as a table partition's scaling does, with no set-up called. */
public final class FirstTouchIsAnArray {
    private FirstTouchIsAnArray() {
    }

    public static void main(String[] args) {
        Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'c');
        NativeReport.print();
    }
}
