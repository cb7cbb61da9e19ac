package io.paramavg.worker.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabeledRecordsTest {
    private static final IdxArray IMAGES = new IdxArray(new int[] {3, 1, 2}, new byte[] {1, 2, 3, 4, 5, 6});

    @Test
    void classCountComesFromTheDataUnlessFixed() {
        IdxArray labels = new IdxArray(new int[] {3}, new byte[] {0, 2, 1});
        assertEquals(3, LabeledRecords.pair("i", IMAGES, "l", labels, 0).classes());
        assertEquals(10, LabeledRecords.pair("i", IMAGES, "l", labels, 10).classes());
    }

    @Test
    void anInferredClassCountWithEmptyClassesIsRefusedNamingTheLargestLabelAndTheWayOut() {
        IdxArray labels = new IdxArray(new int[] {3}, new byte[] {0, 4, 2});
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LabeledRecords.pair("i", IMAGES, "labels.idx", labels, 0));
        assertEquals("labels.idx: labels: expected a training example of every class 0..4 (the class count is "
                + "inferred from the largest label, 4, of record 1 at byte offset 9), found 2 of the 5 classes "
                + "without any; correct that label, or set data.classes=5 to train with the gaps", e.getMessage());
        assertEquals(5, LabeledRecords.pair("i", IMAGES, "labels.idx", labels, 5).classes());
    }

    @Test
    void labelOutsideAFixedClassCountNamesTheRecord() {
        IdxArray labels = new IdxArray(new int[] {3}, new byte[] {0, 1, 7});
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LabeledRecords.pair("i", IMAGES, "labels.idx", labels, 5));
        assertEquals("labels.idx: label of record 2 (byte offset 10): expected a class in 0..4, found 7",
                e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        IdxArray labels = new IdxArray(new int[] {2}, new byte[] {0, 1});
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> LabeledRecords.pair("images.idx", IMAGES, "labels.idx", labels, 0));
        assertTrue(e.getMessage().contains("expected 3 labels (one per image in images.idx), found 2"),
                e.getMessage());
    }

    @Test
    void selectKeepsPixelsWithTheirLabels() {
        LabeledRecords data = LabeledRecords.pair("i", IMAGES, "l", new IdxArray(new int[] {3}, new byte[] {0, 1, 2}), 0);
        LabeledRecords picked = data.select(new int[] {2, 0});
        assertEquals(2, picked.count());
        assertEquals(2, picked.label(0));
        assertEquals(5, picked.pixel(0, 0));
        assertEquals(6, picked.pixel(0, 1));
        assertEquals(0, picked.label(1));
        assertArrayEquals(new int[] {1, 0, 1}, picked.classHistogram());
    }
}
