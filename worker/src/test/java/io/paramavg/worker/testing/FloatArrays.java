package io.paramavg.worker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparing parameter and updater arrays within a tolerance: the known-answer tests of the averaging
 * math (worker and driver) all need the same largest-difference check, so it lives here once.
 * Differences are taken in double, so the float subtraction itself adds no rounding.
 */
public final class FloatArrays {
    private FloatArrays() {
    }

    /** The largest absolute element-wise difference; fails when the lengths differ. */
    public static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length, "lengths");
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
        }
        return worst;
    }

    /**
     * The largest element-wise difference relative to the expected value, the expected value's
     * magnitude taken as at least {@code floor} so that values near zero are compared absolutely.
     */
    public static double maxRelativeDifference(float[] expected, float[] actual, double floor) {
        assertEquals(expected.length, actual.length, "lengths");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]) / Math.max(floor, Math.abs(expected[i])));
        }
        return worst;
    }

    /** Fails unless every element of {@code actual} is within {@code tolerance} of {@code expected}'s. */
    public static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double worst = maxDifference(expected, actual);
        assertTrue(worst <= tolerance, what + ": largest difference " + worst + " exceeds " + tolerance);
    }

    /** {@link #assertClose(float[], float[], double, String)} without a name for the arrays. */
    public static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertClose(expected, actual, tolerance, "arrays");
    }
}
