package io.paramavg.driver.tune;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.worker.scaling.ScalingConfig;
import io.paramavg.worker.settings.SettingException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GridTest {
    @Test
    void axesMultiplyInOrderWithTheLastVaryingFastest() {
        Grid grid = Grid.parse(List.of("model.learning-rate=0.001,0.003", "model.hidden-layers=64;128,64"));
        List<Map<ConfigKey, String>> combinations = grid.combinations();
        assertEquals(4, combinations.size());
        assertEquals("model.learning-rate=0.001 model.hidden-layers=64", Grid.name(combinations.get(0)));
        assertEquals("model.learning-rate=0.001 model.hidden-layers=128,64", Grid.name(combinations.get(1)));
        assertEquals("model.learning-rate=0.003 model.hidden-layers=128,64", Grid.name(combinations.get(3)));
        assertEquals(4, Grid.configurations(Settings.defaults(), combinations).size());
    }

    @Test
    void theAveragingRulesKeysAreSearchedWithAutoAmongTheirValues() {
        Grid grid = Grid.parse(List.of("train.block-momentum=auto,0.5", "train.moments=mean,reset-first",
                "train.learning-rate-scaling=none,sqrt", "train.warmup-epochs=0,2"));
        List<Map<ConfigKey, String>> combinations = grid.combinations();
        assertEquals(16, combinations.size());
        // Classic block momentum, whose auto momentum is derived from the shard count (1 - 1/sqrt(16)).
        List<RunConfig> configs = Grid.configurations(Settings.defaults().with(ConfigKey.TRAIN_SHARDS, "16")
                .with(ConfigKey.TRAIN_AVERAGING, "block-momentum"), combinations);
        assertEquals(0.75, configs.get(0).scaling().rule(16).momentum(), 1e-12, "auto is derived from the shards");
        assertEquals(0.5, configs.get(8).scaling().rule(16).momentum());
        assertEquals(ScalingConfig.Moments.RESET_FIRST, configs.get(15).scaling().moments());
        assertEquals(2.0, configs.get(15).scaling().warmupEpochs());
        assertThrows(SettingException.class, () -> Grid.parse(List.of("train.block-momentum=0.5,1.0")));
    }

    @Test
    void aBadValueAnywhereFailsBeforeAnyTrialNamingTheKeyAndTheGrid() {
        SettingException e = assertThrows(SettingException.class,
                () -> Grid.parse(List.of("model.learning-rate=0.001,0.003", "train.batch-size=32,-8")));
        assertEquals("train.batch-size must be an integer >= 0, found '-8' (from --grid train.batch-size=32,-8)",
                e.getMessage());
        assertThrows(ConfigException.class, () -> Grid.parse(List.of("model.rate=0.1")));
        assertThrows(ConfigException.class, () -> Grid.parse(List.of("model.learning-rate=0.1,,0.2")));
        assertThrows(ConfigException.class, () -> Grid.parse(List.of("model.learning-rate=0.1", "model.learning-rate=2")));
    }

    @Test
    void aRandomSampleIsSeededAndDistinct() {
        Grid grid = Grid.parse(List.of("model.learning-rate=0.001,0.002,0.003", "train.batch-size=16,32,64"));
        List<Map<ConfigKey, String>> sample = grid.sample(4, 42);
        assertEquals(4, sample.size());
        assertEquals(4, sample.stream().distinct().count());
        assertEquals(sample, grid.sample(4, 42));
        assertEquals(9, grid.sample(20, 42).size());
    }
}
