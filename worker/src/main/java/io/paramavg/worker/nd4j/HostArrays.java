package io.paramavg.worker.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java float arrays and ND4J arrays. A training round moves megabytes this way
 * (the model's state in and out, every minibatch in): when the array is a whole float buffer in host
 * memory (the CPU backend), one copy through its NIO view does it, where ND4J's own
 * {@code DataBuffer.setData(float[])} puts value by value (1.9 ms a round for the default model,
 * against 0.07 ms). Anything else (a view, another type, a GPU buffer, whose device copy a write to
 * host memory would leave stale) goes through ND4J's own operations.
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** Overwrites {@code array} with {@code values}, in its logical ('c') order. */
    public static void put(INDArray array, float[] values) {
        if (isWholeHostFloatBuffer(array)) {
            array.data().asNioFloat().put(values);
        } else {
            array.assign(Nd4j.createFromArray(values).reshape('c', array.shape()));
        }
    }

    /**
     * Whether the array is a float array that is its whole buffer, in host memory, its values in 'c'
     * order (a vector's are in either order); its NIO view then reads and writes its values in order.
     */
    public static boolean isWholeHostFloatBuffer(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.offset() == 0 && !array.isView()
                && (array.ordering() == 'c' || array.isVector()) && array.data().length() == array.length()
                && Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    }
}
