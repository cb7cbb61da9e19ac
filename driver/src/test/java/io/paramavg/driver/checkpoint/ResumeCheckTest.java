package io.paramavg.driver.checkpoint;

import io.paramavg.driver.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void keysThatDoNotChangeTheResultMayDiffer() {
        assertDoesNotThrow(() -> ResumeCheck.requireSameRun("c.bin",
                Map.of("train.eval-every", "1", "train.nd4j-threads", "0"),
                Map.of("train.eval-every", "0", "train.nd4j-threads", "2")));
    }
}
