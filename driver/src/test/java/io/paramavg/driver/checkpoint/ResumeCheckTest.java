package io.paramavg.driver.checkpoint;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.worker.model.LearningRatePlan;
import io.paramavg.worker.scaling.ScalingConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeCheckTest {
    @Test
    void aChangedTrainingKeyIsRefusedNamingBothValues() {
        ConfigException e = assertThrows(ConfigException.class, () -> ResumeCheck.requireSameRun("c.bin",
                Map.of("train.epochs", "3", "train.seed", "42"), Map.of("train.epochs", "5", "train.seed", "42")));
        assertEquals("--resume: the configuration differs from the interrupted run's (c.bin): train.epochs is '5' now "
                + "but was '3'. Resume with the original settings, or start a new run without --resume",
                e.getMessage());
    }

    @Test
    void aCheckpointsAveragingRuleOtherThanTheConfigurationsIsRefusedNamingBoth() {
        ConfigException e = assertThrows(ConfigException.class, () -> ResumeCheck.requireSameRun("c.bin",
                Map.of("train.averaging", "mean"), Map.of("train.averaging", "block-momentum")));
        assertTrue(e.getMessage().contains("train.averaging is 'block-momentum' now but was 'mean'"), e.getMessage());
    }

    @Test
    void aCheckpointWithoutTheAveragingKeysPredatesThem() {
        assertTrue(ResumeCheck.predatesScaling(Map.of("train.seed", "42")));
        assertFalse(ResumeCheck.predatesScaling(Map.of("train.seed", "42", "train.averaging", "mean")));
    }

    @Test
    void anOlderCheckpointResumesUnderThePlainAverageAndRecordsNoScalingKeysSoItsNextResumeDoesToo() {
        RunConfig plain = RunConfig.from(Settings.defaults()
                .with(ConfigKey.TRAIN_BLOCK_MOMENTUM, "0.9").with(ConfigKey.TRAIN_WARMUP_EPOCHS, "3"))
                .withPlainAverage();
        assertEquals(ScalingConfig.plainAverage(), plain.scaling());
        assertTrue(plain.scaling().rule(64).isPlainMean());
        assertEquals(LearningRatePlan.NONE, plain.scaling().learningRate(64, 30));
        Map<String, String> recorded = plain.settings().asMap();
        assertTrue(ResumeCheck.predatesScaling(recorded), "what the resumed run's checkpoints record: " + recorded);
        assertFalse(recorded.containsKey("train.warmup-epochs"));
        assertEquals("42", recorded.get("train.seed"));
    }

    @Test
    void aKeyTheCheckpointPredatesComparesAsItsDefault() {
        assertDoesNotThrow(() -> ResumeCheck.requireSameRun("c.bin", Map.of("train.seed", "42"),
                Map.of("train.seed", "42", "train.validation-fraction", "0.0", "data.format", "auto")));
        ConfigException e = assertThrows(ConfigException.class, () -> ResumeCheck.requireSameRun("c.bin",
                Map.of("train.seed", "42"), Map.of("train.seed", "42", "train.validation-fraction", "0.2")));
        assertTrue(e.getMessage().contains("train.validation-fraction is '0.2' now but was '0.0' (its default: the "
                + "checkpoint predates the key)"), e.getMessage());
    }

    @Test
    void keysThatDoNotChangeTheResultMayDiffer() {
        assertDoesNotThrow(() -> ResumeCheck.requireSameRun("c.bin",
                Map.of("train.eval-every", "1", "train.nd4j-threads", "0"),
                Map.of("train.eval-every", "0", "train.nd4j-threads", "2")));
    }
}
