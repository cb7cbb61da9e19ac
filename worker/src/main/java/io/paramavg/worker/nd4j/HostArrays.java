package io.paramavg.worker.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

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
     * The values of {@code array} (see {@link #isContiguousHostFloats}) as a float buffer over its memory,
     * its first value at index 0: read and written in place, in bulk with the absolute get and put.
     */
    public static FloatBuffer values(INDArray array) {
        return nio(array).slice();
    }

    /**
     * Whether the array's values lie next to each other in a host float buffer, in order: a vector or a
     * 'c'-ordered array with element-wise stride 1, a view into a larger buffer included (DL4J's
     * gradient and updater-state views are such vectors); {@link #values} then reads and writes
     * them in place, in bulk.
     */
    public static boolean isContiguousHostFloats(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.elementWiseStride() == 1
                && (array.ordering() == 'c' || array.isVector()) && array.length() <= Integer.MAX_VALUE
                && onHost();
    }

    /** The array's buffer as a NIO view positioned at its first value (ND4J positions it at the view's offset). */
    private static FloatBuffer nio(INDArray array) {
        return array.data().asNioFloat();
    }

    /** Whether ND4J runs on its CPU backend, whose arrays live in host memory (not the CUDA one's). */
    public static boolean onHost() {
        return Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    }

    /**
     * Whether the array is a float array that is its whole buffer, in host memory, its values in 'c'
     * order (a vector's are in either order); its NIO view then reads and writes its values in order.
     */
    public static boolean isWholeHostFloatBuffer(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.offset() == 0 && !array.isView()
                && (array.ordering() == 'c' || array.isVector()) && array.data().length() == array.length()
                && onHost();
    }
}
