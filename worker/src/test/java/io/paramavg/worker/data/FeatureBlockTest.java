package io.paramavg.worker.data;

import io.paramavg.worker.train.Minibatches;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocks of float features (what table sources build) beside blocks of bytes, read the same way. */
class FeatureBlockTest {
    private static final LabeledRecords BLOCK = LabeledRecords.ofFeatures(2, 3,
            new float[] {0.5f, -1f, 2f, 3f, 7.25f, 0f}, new byte[] {2, 0, 1});

    @Test
    void featuresAreReadAsStoredAndMinibatchesCutFromThem() {
        assertFalse(BLOCK.isBytes());
        assertEquals(3, BLOCK.count());
        assertEquals(2, BLOCK.features());
        assertEquals(7.25f, BLOCK.feature(2, 0));
        DataSet batch = Minibatches.slice(BLOCK, new int[] {2, 0}, 0, 2);
        assertArrayEquals(new float[] {7.25f, 0f, 0.5f, -1f}, batch.getFeatures().data().asFloat());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, batch.getLabels().data().asFloat());
    }

    @Test
    void selectKeepsFloatFeatures() {
        LabeledRecords picked = BLOCK.select(new int[] {1});
        assertEquals(1, picked.count());
        assertEquals(3f, picked.feature(0, 1));
        assertEquals(0, picked.label(0));
    }

    @Test
    void imageBlocksScaleTheirBytes() {
        LabeledRecords images = LabeledRecords.of(1, 2, 2, new byte[] {(byte) 255, 51}, new byte[] {1});
        assertTrue(images.isBytes());
        assertEquals(1f, images.feature(0, 0));
        assertEquals(0.2f, images.feature(0, 1));
        assertThrows(IllegalStateException.class, () -> BLOCK.pixel(0, 0));
    }

    @Test
    void inconsistentBlocksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LabeledRecords.ofFeatures(2, 3, new float[3],
                new byte[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> LabeledRecords.ofFeatures(1, 2, new float[1],
                new byte[] {2}));
        assertThrows(IllegalArgumentException.class, () -> LabeledRecords.ofFeatures(1, 300, new float[1],
                new byte[] {0}));
    }

    @Test
    void tableByteBlocksKeepRawBytesAndScaleEachMinibatch() {
        LabeledRecords bytes = LabeledRecords.ofBytes(2, 2, new byte[] {10, (byte) 200, 0, 4}, new byte[] {1, 0},
                features -> features.muli(2));
        assertTrue(bytes.isBytes());
        assertEquals(200f, bytes.feature(0, 1));
        DataSet batch = Minibatches.slice(bytes.select(new int[] {1, 0}), new int[] {0, 1}, 0, 2);
        assertArrayEquals(new float[] {0, 8, 20, 400}, batch.getFeatures().data().asFloat());
    }
}
