package io.paramavg.worker.data;

import java.util.Arrays;

/**
 * The decoded content of one unsigned-byte IDX file: its dimensions and its body. The first
 * dimension is the record count; the others give the shape of one record.
 */
public record IdxArray(int[] dimensions, byte[] body) {

    public IdxArray {
        dimensions = dimensions.clone();
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** Number of records (the first dimension). */
    public int count() {
        return dimensions[0];
    }

    /** Values in one record: the product of every dimension but the first. */
    public int recordSize() {
        int size = 1;
        for (int i = 1; i < dimensions.length; i++) {
            size *= dimensions[i];
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray other
                && Arrays.equals(dimensions, other.dimensions)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dimensions) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dimensions);
    }
}
