package io.paramavg.worker.nd4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseShapeInfoProvider;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ND4J's shape-descriptor provider for the CPU backend, with its cache reaching the call every array
 * makes.
 *
 * <p>Every ND4J array carries a shape descriptor in a small native buffer. The CPU backend's provider
 * ({@code DirectShapeInfoProvider}) caches those by shape, but in ND4J 1.0.0-M2.1 only for the overloads
 * it overrides; the one {@code BaseNDArray}'s constructors call ({@code shape, stride, ews, order,
 * dataType, empty}) falls through to the uncached base class. So every array a training step creates
 * (a few dozen) allocates a fresh descriptor: a native allocation, a JavaCPP pointer and an ND4J
 * deallocation record each, which the garbage collector copies once and ND4J's threads free after
 * it. In a JFR allocation profile of a 2-shard run they were a third of all deallocation records, and a
 * collection stopped both training tasks for 60-90 ms about every 1.2 s (45 ms every 0.9 s with this
 * cache; a 2-shard epoch 10-15% shorter).
 *
 * <p>This provider answers every overload from a cache: the first request for a descriptor builds it
 * exactly as the base class does, and later requests for the same one get that same buffer. ND4J marks
 * these buffers constant and shares them between arrays itself (the CPU provider's own cache does, as
 * does its CUDA backend), so nothing writes to one. The overload by option bits keeps the CPU provider's
 * behaviour (a negative element-wise stride becomes 0). At most {@link #MAX_ENTRIES} descriptors are kept
 * per overload; beyond that the base class builds each. Installed through ND4J's {@code shapeinfoprovider}
 * property by {@link NativeSetup} on the CPU backend, unless the user set one. It extends ND4J's API
 * rather than the CPU backend's class so that the CUDA build compiles it too (where it is not installed).
 */
public final class CachingShapeInfoProvider extends BaseShapeInfoProvider {
    /** The most descriptors kept: a training run uses a few dozen shapes; a bound, not a target. */
    static final int MAX_ENTRIES = 10_000;

    private final Map<Descriptor, Pair<DataBuffer, long[]>> cache = new ConcurrentHashMap<>();
    private final Map<Descriptor, Pair<DataBuffer, long[]>> byOptions = new ConcurrentHashMap<>();

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, DataType dataType, boolean empty) {
        Descriptor key = new Descriptor(shape, stride, elementWiseStride, order, dataType, empty ? 1 : 0);
        Pair<DataBuffer, long[]> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        return keep(cache, key, super.createShapeInformation(shape, stride, elementWiseStride, order, dataType, empty));
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, long extras) {
        long ews = Math.max(0, elementWiseStride);
        Descriptor key = new Descriptor(shape, stride, ews, order, null, extras);
        Pair<DataBuffer, long[]> cached = byOptions.get(key);
        if (cached != null) {
            return cached;
        }
        return keep(byOptions, key, super.createShapeInformation(shape, stride, ews, order, extras));
    }

    private static Pair<DataBuffer, long[]> keep(Map<Descriptor, Pair<DataBuffer, long[]>> cache, Descriptor key,
                                                 Pair<DataBuffer, long[]> built) {
        if (cache.size() >= MAX_ENTRIES) {
            return built;
        }
        // The key keeps copies: the caller's arrays are its own to change.
        Pair<DataBuffer, long[]> raced = cache.putIfAbsent(key.copy(), built);
        return raced == null ? built : raced;
    }

    /** Forgets the cached descriptors (arrays that hold one keep it). */
    @Override
    public void purgeCache() {
        cache.clear();
        byOptions.clear();
    }

    /** How many descriptors are cached (for the tests). */
    int size() {
        return cache.size() + byOptions.size();
    }

    /** A descriptor's inputs, compared by value. */
    private static final class Descriptor {
        private final long[] shape;
        private final long[] stride;
        private final long elementWiseStride;
        private final char order;
        private final DataType dataType;
        /** The empty flag (1 or 0) with a data type, or the option bits without one. */
        private final long options;
        private final int hash;

        Descriptor(long[] shape, long[] stride, long elementWiseStride, char order, DataType dataType, long options) {
            this.shape = shape;
            this.stride = stride;
            this.elementWiseStride = elementWiseStride;
            this.order = order;
            this.dataType = dataType;
            this.options = options;
            int h = Arrays.hashCode(shape);
            h = 31 * h + Arrays.hashCode(stride);
            h = 31 * h + Long.hashCode(elementWiseStride);
            h = 31 * h + order;
            h = 31 * h + (dataType == null ? 0 : dataType.hashCode());
            this.hash = 31 * h + Long.hashCode(options);
        }

        Descriptor copy() {
            return new Descriptor(shape == null ? null : shape.clone(), stride == null ? null : stride.clone(),
                    elementWiseStride, order, dataType, options);
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Descriptor)) {
                return false;
            }
            Descriptor d = (Descriptor) other;
            return hash == d.hash && elementWiseStride == d.elementWiseStride && order == d.order
                    && dataType == d.dataType && options == d.options && Arrays.equals(shape, d.shape)
                    && Arrays.equals(stride, d.stride);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
