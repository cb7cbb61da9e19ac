package io.paramavg.driver.config;

import io.paramavg.driver.checkpoint.ResumeCheck;
import io.paramavg.worker.scaling.ScalingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint written under other averaging defaults resumes as it was trained. */
class RunConfigResumeTest {
    /** A checkpoint's settings from a run whose averaging keys were not today's defaults. */
    private static final Map<String, String> SAVED = Map.of("train.averaging", "mean", "train.block-momentum", "0.5");

    @Test
    void averagingKeysLeftAtTheirDefaultsAreTakenFromTheCheckpoint() {
        RunConfig now = RunConfig.from(Settings.defaults());
        assertEquals(List.of(ConfigKey.TRAIN_AVERAGING, ConfigKey.TRAIN_BLOCK_MOMENTUM), now.scalingKeysTakenFrom(SAVED));
        RunConfig resumed = now.withScalingDefaultsOf(SAVED);
        assertEquals(ScalingConfig.Averaging.MEAN, resumed.scaling().averaging());
        assertEquals(0.5, resumed.scaling().blockMomentum());
        assertEquals("mean", resumed.settings().get(ConfigKey.TRAIN_AVERAGING), "what the resumed run records");
        ResumeCheck.requireSameRun("ckpt", SAVED, Map.of("train.averaging", resumed.settings().get(
                ConfigKey.TRAIN_AVERAGING), "train.block-momentum", resumed.settings().get(ConfigKey.TRAIN_BLOCK_MOMENTUM)));
    }

    @Test
    void anAveragingKeySetOnTheCommandLineIsLeftForTheResumeCheckToRefuse() {
        RunConfig now = RunConfig.from(Settings.defaults().with("train.averaging", "mean", "--set"));
        RunConfig resumed = now.withScalingDefaultsOf(Map.of("train.averaging", "block-momentum"));
        assertEquals(ScalingConfig.Averaging.MEAN, resumed.scaling().averaging());
        ConfigException e = assertThrows(ConfigException.class, () -> ResumeCheck.requireSameRun("ckpt",
                Map.of("train.averaging", "block-momentum"), Map.of("train.averaging",
                        resumed.settings().get(ConfigKey.TRAIN_AVERAGING))));
        assertTrue(e.getMessage().contains("train.averaging is 'mean' now but was 'block-momentum'"), e.getMessage());
    }
}
