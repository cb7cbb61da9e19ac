package io.paramavg.worker.nd4j;

import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A shape descriptor is built once, exactly as ND4J builds it, and shared by every later request for it. */
class CachingShapeInfoProviderTest {
    @Test
    void aDescriptorIsBuiltAsNd4jBuildsItAndThenShared() {
        CachingShapeInfoProvider provider = new CachingShapeInfoProvider();
        long[][] shapes = {{32, 784}, {784, 256}, {1, 10}, {256}, {}};
        for (long[] shape : shapes) {
            for (char order : new char[] {'c', 'f'}) {
                for (DataType type : new DataType[] {DataType.FLOAT, DataType.INT32}) {
                    long[] stride = shape.length == 0 ? new long[0] : Nd4j.getStrides(shape, order);
                    Pair<DataBuffer, long[]> first = provider.createShapeInformation(shape, stride, 1, order, type, false);
                    DataBuffer uncached = Shape.createShapeInformation(shape, stride, 1, order, type, false);
                    assertArrayEquals(uncached.asLong(), first.getFirst().asLong(), "the descriptor ND4J builds");
                    assertArrayEquals(uncached.asLong(), first.getSecond());
                    assertSame(first, provider.createShapeInformation(shape.clone(), stride.clone(), 1, order, type,
                            false), "the same descriptor again is the cached one");
                }
            }
        }
        long[] shape = {3, 4};
        long[] stride = {4, 1};
        Pair<DataBuffer, long[]> full = provider.createShapeInformation(shape, stride, 1, 'c', DataType.FLOAT, false);
        assertNotSame(full, provider.createShapeInformation(shape, stride, 1, 'c', DataType.FLOAT, true),
                "an empty array's descriptor is another");
        assertNotSame(full, provider.createShapeInformation(shape, stride, 1, 'c', DataType.DOUBLE, false));
    }

    @Test
    void theCallersArraysMayChangeAfterwards() {
        CachingShapeInfoProvider provider = new CachingShapeInfoProvider();
        long[] shape = {5, 6};
        long[] stride = {6, 1};
        Pair<DataBuffer, long[]> five = provider.createShapeInformation(shape, stride, 1, 'c', DataType.FLOAT, false);
        shape[0] = 7;
        Pair<DataBuffer, long[]> seven = provider.createShapeInformation(shape, stride, 1, 'c', DataType.FLOAT, false);
        assertNotSame(five, seven);
        assertEquals(5, Shape.shape(five.getFirst())[0]);
        assertEquals(7, Shape.shape(seven.getFirst())[0]);
        assertSame(five, provider.createShapeInformation(new long[] {5, 6}, stride, 1, 'c', DataType.FLOAT, false));
    }

    @Test
    void theOptionBitsOverloadBuildsWhatTheCpuProviderBuilds() {
        CachingShapeInfoProvider provider = new CachingShapeInfoProvider();
        DirectShapeInfoProvider cpu = new DirectShapeInfoProvider();
        long extras = ArrayOptionsHelper.setOptionBit(0L, DataType.FLOAT);
        for (long ews : new long[] {1, 0, -1}) {
            Pair<DataBuffer, long[]> ours = provider.createShapeInformation(new long[] {4, 8}, new long[] {1, 4}, ews,
                    'f', extras);
            assertArrayEquals(cpu.createShapeInformation(new long[] {4, 8}, new long[] {1, 4}, ews, 'f', extras)
                    .getFirst().asLong(), ours.getFirst().asLong(), "element-wise stride " + ews);
            assertSame(ours, provider.createShapeInformation(new long[] {4, 8}, new long[] {1, 4}, ews, 'f', extras));
        }
    }

    @Test
    void pastItsBoundItBuildsEachDescriptorAndKeepsNoMore() {
        CachingShapeInfoProvider provider = new CachingShapeInfoProvider();
        for (int rows = 1; rows <= CachingShapeInfoProvider.MAX_ENTRIES + 5; rows++) {
            provider.createShapeInformation(new long[] {rows, 2}, new long[] {2, 1}, 1, 'c', DataType.FLOAT, false);
        }
        assertEquals(CachingShapeInfoProvider.MAX_ENTRIES, provider.size());
        long[] beyond = {CachingShapeInfoProvider.MAX_ENTRIES + 5L, 2};
        Pair<DataBuffer, long[]> built = provider.createShapeInformation(beyond, new long[] {2, 1}, 1, 'c',
                DataType.FLOAT, false);
        assertNotSame(built, provider.createShapeInformation(beyond, new long[] {2, 1}, 1, 'c', DataType.FLOAT, false));
        assertEquals(beyond[0], Shape.shape(built.getFirst())[0]);
    }
}
