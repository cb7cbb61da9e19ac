package io.paramavg.worker.scaling;

import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.testing.Generated;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import io.paramavg.worker.model.ModelConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The averaging rule's arithmetic, by known answers. */
class AveragingRuleTest {
    private static final ModelState START = new ModelState(new float[] {1f, 2f, -4f}, new float[] {9f, 9f}, 10, 0,
            new float[] {0.5f, -1f, 0f});
    private static final ModelState AVERAGE = new ModelState(new float[] {2f, 2f, -3f}, new float[] {1f, 3f}, 20, 0);

    @Test
    void thePlainMeanIsTheAverageItselfWithoutADelta() {
        ModelState next = AveragingRule.PLAIN.next(START, AVERAGE, new int[0]);
        assertSame(AVERAGE.parameters(), next.parameters());
        assertSame(AVERAGE.updaterState(), next.updaterState());
        assertFalse(next.hasBlockDelta());
        assertEquals(20, next.iteration());
    }

    @Test
    void blockMomentumStepsFromTheRoundsStartByMomentumTimesTheLastDeltaPlusTheScaledUpdate() {
        // delta = 0.5 * previous + 2 * (average - start); next = start + delta
        ModelState next = new AveragingRule(0.5, 2.0, ScalingConfig.Moments.MEAN).next(START, AVERAGE, new int[0]);
        assertArrayEquals(new float[] {2.25f, -0.5f, 2f}, next.blockDelta());
        assertArrayEquals(new float[] {3.25f, 1.5f, -2f}, next.parameters());
        assertArrayEquals(AVERAGE.updaterState(), next.updaterState(), "the updater state is averaged, not stepped");
        assertEquals(20, next.iteration());
    }

    @Test
    void withLookAheadTheShardsStartWhereTheMomentumIsTakingTheModelAndTheStepIsMeasuredFromThere() {
        AveragingRule rule = new AveragingRule(0.5, 2.0, ScalingConfig.Moments.MEAN, true);
        // start = w + 0.5 * previous
        ModelState start = rule.startOf(START);
        assertArrayEquals(new float[] {1.25f, 1.5f, -4f}, start.parameters());
        assertSame(START.updaterState(), start.updaterState());
        assertEquals(10, start.iteration());
        // delta = 0.5 * previous + 2 * (average - start); next = w + delta (the global model, not the look-ahead)
        ModelState next = rule.next(START, AVERAGE, new int[0]);
        assertArrayEquals(new float[] {1.75f, 0.5f, 2f}, next.blockDelta());
        assertArrayEquals(new float[] {2.75f, 2.5f, -2f}, next.parameters());
    }

    @Test
    void withoutADeltaOrWithoutLookAheadTheShardsStartFromTheGlobalModel() {
        ModelState fresh = new ModelState(START.parameters(), START.updaterState(), 10, 0);
        assertSame(fresh, new AveragingRule(0.5, 1.0, ScalingConfig.Moments.MEAN, true).startOf(fresh));
        assertSame(START, new AveragingRule(0.5, 1.0, ScalingConfig.Moments.MEAN).startOf(START));
    }

    @Test
    void theFirstRoundHasNoDeltaToCarry() {
        ModelState fresh = new ModelState(START.parameters(), START.updaterState(), 10, 0);
        ModelState next = new AveragingRule(0.9, 1.0, ScalingConfig.Moments.MEAN).next(fresh, AVERAGE, new int[0]);
        assertArrayEquals(AVERAGE.parameters(), next.parameters());
        assertArrayEquals(new float[] {1f, 0f, 1f}, next.blockDelta());
    }

    @Test
    void resetFirstLeavesTheFirstMomentsOutOfTheExchangeAndBringsThemBackAsZeros() {
        AveragingRule rule = new AveragingRule(0.0, 1.0, ScalingConfig.Moments.RESET_FIRST);
        int[] ranges = {0, 1};
        float[] exchanged = rule.exchanged(AVERAGE.updaterState(), ranges, new float[rule.exchangedLength(2, ranges)]);
        assertArrayEquals(new float[] {3f}, exchanged);
        ModelState average = new ModelState(AVERAGE.parameters(), exchanged, 20, 0);
        ModelState next = rule.next(START, average, ranges);
        assertArrayEquals(new float[] {0f, 3f}, next.updaterState());
        assertArrayEquals(new float[] {3f}, average.updaterState(), "the average itself is left alone");
        AveragingRule keeping = new AveragingRule(0.5, 1.0, ScalingConfig.Moments.MEAN);
        assertSame(AVERAGE.updaterState(), keeping.exchanged(AVERAGE.updaterState(), ranges, null),
                "a rule that keeps the first moments exchanges the whole state");
        assertEquals(2, keeping.exchangedLength(2, ranges));
    }

    @Test
    void whatTheExchangeLeavesOutComesBackAsZeros() {
        float[] state = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f};
        int[] ranges = {0, 2, 4, 7};
        assertEquals(5, FirstMoments.covered(ranges));
        float[] kept = FirstMoments.without(state, ranges, new float[3]);
        assertArrayEquals(new float[] {3f, 4f, 8f}, kept);
        assertArrayEquals(new float[] {0f, 0f, 3f, 4f, 0f, 0f, 0f, 8f}, FirstMoments.restored(kept, ranges, 8));
        assertArrayEquals(state, FirstMoments.restored(FirstMoments.without(state, new int[0], new float[8]),
                new int[0], 8), "no ranges: everything is kept");
        assertThrows(IllegalArgumentException.class, () -> FirstMoments.restored(kept, ranges, 9));
    }

    @Test
    void adamsFirstMomentsAreTheFirstHalfOfEachUpdaterBlock() {
        MultiLayerNetwork network = NetworkFactory.build(Generated.model(ModelConfig.Updater.ADAM, 0.01), 16, 3, 1);
        int[] ranges = FirstMoments.ranges(network);
        long covered = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            covered += ranges[i + 1] - ranges[i];
        }
        assertTrue(ranges.length >= 2);
        assertEquals(network.getUpdater().getStateViewArray().length() / 2, covered);
        assertEquals(0, FirstMoments.ranges(NetworkFactory.build(Generated.model(ModelConfig.Updater.SGD, 0.01),
                16, 3, 1)).length, "plain SGD keeps no moments");
    }

    @Test
    void aRuleOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AveragingRule(1.0, 1.0, ScalingConfig.Moments.MEAN));
        assertThrows(IllegalArgumentException.class, () -> new AveragingRule(0.5, 0.0, ScalingConfig.Moments.MEAN));
    }
}
