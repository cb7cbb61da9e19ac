package io.paramavg.worker.data;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * A scaling applied to each minibatch's features as it is cut from a block that keeps raw bytes
 * (a table whose values are all bytes keeps one byte per feature and is scaled only batch by batch,
 * as IDX images are divided by 255). The driver's implementation is DL4J's own normalizer.
 */
@FunctionalInterface
public interface BatchTransform extends Serializable {
    /** Scales {@code features} (rows x features) in place. */
    void apply(INDArray features);
}
