package io.paramavg.driver.data.table;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which labels are the class indices themselves: the Spark ML model writes no predicted-label column for them. */
class LabelsTest {

    @Test
    void identityAndNumericLabelsZeroToKMinusOneAreTheIndices() {
        assertTrue(Labels.identity(10).isIndex());
        assertTrue(Labels.indexed(new double[] {0, 1, 2}).isIndex());
        assertTrue(Labels.of("numeric", List.of("0.0", "1.0"), 2).isIndex());
    }

    @Test
    void otherNumbersAndTextAreNot() {
        assertFalse(Labels.indexed(new double[] {3, 7, 9}).isIndex());
        assertFalse(Labels.indexed(new double[] {1, 2, 3}).isIndex());
        assertFalse(Labels.indexedText(new String[] {"0", "1"}).isIndex());
    }
}
