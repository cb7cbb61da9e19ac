package io.paramavg.driver.engine;

import io.paramavg.driver.config.ValidationConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BestEpochTest {
    private static ValidationConfig watching(ValidationConfig.Metric metric, int patience, double minDelta) {
        return new ValidationConfig(0.2, "", patience, metric, minDelta, true);
    }

    @Test
    void lossMustFallByMoreThanTheMinimumDeltaAndPatienceCountsTheEpochsWithout() {
        ValidationConfig config = watching(ValidationConfig.Metric.VAL_LOSS, 2, 0.01);
        BestEpoch best = BestEpoch.NONE.after(0, 0.50, config);
        best = best.after(1, 0.40, config);
        assertTrue(best.isBest(1));
        best = best.after(2, 0.395, config);
        assertEquals(1, best.epoch(), "0.005 lower is less than min-delta 0.01");
        assertFalse(best.stops(config));
        best = best.after(3, 0.45, config);
        assertEquals(2, best.epochsWithout());
        assertTrue(best.stops(config));
    }

    @Test
    void accuracyMustRise() {
        ValidationConfig config = watching(ValidationConfig.Metric.VAL_ACCURACY, 1, 0);
        BestEpoch best = BestEpoch.NONE.after(0, 0.90, config).after(1, 0.92, config);
        assertTrue(best.isBest(1));
        best = best.after(2, 0.92, config);
        assertEquals(1, best.epoch(), "equal is not better");
        assertTrue(best.stops(config));
    }

    @Test
    void withoutPatienceItNeverStops() {
        ValidationConfig config = watching(ValidationConfig.Metric.VAL_LOSS, 0, 0);
        BestEpoch best = BestEpoch.NONE.after(0, 0.1, config);
        for (int epoch = 1; epoch < 10; epoch++) {
            best = best.after(epoch, 1.0, config);
        }
        assertFalse(best.stops(config));
        assertEquals(0, best.epoch());
    }
}
