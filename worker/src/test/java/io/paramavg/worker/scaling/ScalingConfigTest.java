package io.paramavg.worker.scaling;

import io.paramavg.worker.model.LearningRatePlan;
import io.paramavg.worker.settings.SettingException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The values a run derives from the shard count, and the keys' rules. */
class ScalingConfigTest {

    @Test
    void theDefaultsChangeNothingForOneShard() {
        ScalingConfig defaults = ScalingConfig.defaults();
        assertEquals(AveragingRule.PLAIN, defaults.rule(1));
        assertEquals(LearningRatePlan.NONE, defaults.learningRate(1, 1875));
    }

    @Test
    void theDefaultRuleIsTheOuterNesterovStepFromFourShards() {
        ScalingConfig defaults = ScalingConfig.defaults();
        for (int shards : new int[] {4, 16, 64}) {
            AveragingRule rule = defaults.rule(shards);
            assertTrue(rule.lookAhead());
            assertEquals(ScalingConfig.NESTEROV_MOMENTUM, rule.momentum());
            assertEquals(ScalingConfig.NESTEROV_LEARNING_RATE, rule.blockLearningRate());
            assertTrue(rule.resetsFirstMoments());
        }
    }

    @Test
    void autoMomentumOfClassicBlockMomentumAndTheLearningRateFollowTheShardCount() {
        ScalingConfig defaults = ScalingConfig.defaults();
        ScalingConfig classic = new ScalingConfig(ScalingConfig.Averaging.BLOCK_MOMENTUM, Double.NaN, Double.NaN,
                defaults.learningRateScaling(), defaults.warmupEpochs(), defaults.moments(), defaults.fromShards());
        assertEquals(0.75, classic.rule(16).momentum(), 1e-12);
        assertEquals(0.5, classic.rule(4).momentum(), 1e-12);
        assertEquals(1.0, classic.rule(16).blockLearningRate());
        assertFalse(classic.rule(16).lookAhead());
        LearningRatePlan plan = defaults.learningRate(16, 118);
        assertEquals(4.0, plan.multiplier(), 1e-12);
        assertEquals(118, plan.warmupSteps());
    }

    @Test
    void explicitValuesWinOverAuto() {
        ScalingConfig config = new ScalingConfig(ScalingConfig.Averaging.BLOCK_MOMENTUM, 0.3, 1.5,
                ScalingConfig.LearningRateScaling.LINEAR, 0.5, ScalingConfig.Moments.MEAN, 1);
        assertEquals(0.3, config.rule(64).momentum());
        assertEquals(1.5, config.rule(64).blockLearningRate());
        assertEquals(new LearningRatePlan(64, 15), config.learningRate(64, 30));
    }

    @Test
    void blockNesterovIsBlockMomentumWithTheLookAhead() {
        ScalingConfig nesterov = new ScalingConfig(ScalingConfig.Averaging.BLOCK_NESTEROV, 0.75, 1.0,
                ScalingConfig.LearningRateScaling.SQRT, 1.0, ScalingConfig.Moments.RESET_FIRST, 4);
        ScalingConfig classic = new ScalingConfig(ScalingConfig.Averaging.BLOCK_MOMENTUM, 0.75, 1.0,
                ScalingConfig.LearningRateScaling.SQRT, 1.0, ScalingConfig.Moments.RESET_FIRST, 4);
        assertTrue(nesterov.rule(16).lookAhead());
        assertEquals(new AveragingRule(0.75, 1.0, ScalingConfig.Moments.RESET_FIRST, true), nesterov.rule(16));
        assertEquals(new AveragingRule(0.75, 1.0, ScalingConfig.Moments.RESET_FIRST, false), classic.rule(16));
        assertTrue(nesterov.rule(2).isPlainMean(), "below scaling-from-shards every rule is the plain average");
    }

    @Test
    void theMeanRuleIgnoresTheBlockKeys() {
        ScalingConfig config = new ScalingConfig(ScalingConfig.Averaging.MEAN, 0.9, 2.0,
                ScalingConfig.LearningRateScaling.NONE, 0, ScalingConfig.Moments.MEAN, 1);
        assertTrue(config.rule(64).isPlainMean());
        assertEquals(LearningRatePlan.NONE, config.learningRate(64, 30));
    }

    @Test
    void fewerShardsThanScalingFromShardsAveragePlainlyWhateverTheOtherKeysSay() {
        ScalingConfig config = new ScalingConfig(ScalingConfig.Averaging.BLOCK_MOMENTUM, 0.9, 2.0,
                ScalingConfig.LearningRateScaling.LINEAR, 1, ScalingConfig.Moments.RESET_FIRST, 4);
        assertEquals(AveragingRule.PLAIN, config.rule(3));
        assertEquals(LearningRatePlan.NONE, config.learningRate(3, 100));
        assertEquals(0.9, config.rule(4).momentum());
        assertEquals(new LearningRatePlan(4, 100), config.learningRate(4, 100));
        assertEquals(AveragingRule.PLAIN, ScalingConfig.defaults().rule(2),
                "the default threshold keeps 2 shards plain");
    }

    @Test
    void autoReadsAsNaNAndABadValueNamesTheKeyAndTheRule() {
        assertTrue(Double.isNaN(ScalingConfig.BLOCK_MOMENTUM.parse("auto")));
        assertTrue(Double.isNaN(ScalingConfig.BLOCK_MOMENTUM.parse("NaN")), "Spark ML's text of a NaN DoubleParam");
        assertEquals(0.5, ScalingConfig.BLOCK_MOMENTUM.parse("0.5"));
        SettingException e = assertThrows(SettingException.class, () -> ScalingConfig.BLOCK_MOMENTUM.parse("1"));
        assertEquals("train.block-momentum must be auto or a number in [0, 1), found '1'", e.getMessage());
    }
}
