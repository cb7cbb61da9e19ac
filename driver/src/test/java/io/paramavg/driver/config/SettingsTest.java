package io.paramavg.driver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void defaultsMakeAValidRun() {
        RunConfig config = RunConfig.from(Settings.defaults());
        assertEquals(15, config.training().epochs());
        assertEquals(TrainingConfig.Engine.PARAMAVG, config.training().engine());
        assertTrue(config.data().embedded());
    }

    @Test
    void unknownKeyListsTheValidKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Settings.defaults().withAssignment("train.epoch=3"));
        assertTrue(e.getMessage().startsWith("unknown configuration key 'train.epoch' in --set; valid keys: data.dir,"),
                e.getMessage());
        assertTrue(e.getMessage().contains("train.epochs"), e.getMessage());
    }

    @Test
    void badValuesNameTheKeyTheAllowedValuesAndWhatWasFound() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("train.batch-size=0", "train.batch-size must be an integer >= 1, found '0'");
        expected.put("model.learning-rate=-1", "model.learning-rate must be a value > 0, found -1.0");
        expected.put("model.activation=swish",
                "model.activation must be one of relu, leakyrelu, tanh, sigmoid, elu, gelu, found 'swish'");
        expected.put("model.updater=adagrad", "model.updater must be one of adam, nesterovs, sgd, found 'adagrad'");
        expected.put("train.epochs=many", "train.epochs must be an integer >= 1, found 'many'");
        expected.put("model.hidden-layers=256,x", "model.hidden-layers must be comma-separated positive integers, "
                + "found '256,x'");
        expected.put("model.dropout=1", "model.dropout must be a value in [0, 1), found 1.0");
        expected.forEach((assignment, message) -> {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> RunConfig.from(Settings.defaults().withAssignment(assignment)), assignment);
            assertEquals(message, e.getMessage());
        });
    }

    @Test
    void fileValuesApplyAndLaterOverridesWin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.properties");
        Files.writeString(file, "train.epochs = 3\nmodel.hidden-layers = 64\n", StandardCharsets.UTF_8);
        RunConfig config = RunConfig.from(Settings.defaults().withFile(file).withAssignment("train.epochs=4"));
        assertEquals(4, config.training().epochs());
        assertEquals(64, config.model().hiddenLayers()[0]);
    }

    @Test
    void unknownKeyInAFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.properties");
        Files.writeString(file, "model.layers = 3\n", StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.defaults().withFile(file));
        assertTrue(e.getMessage().contains("'model.layers' in " + file), e.getMessage());
    }

    @Test
    void shippedPropertiesFileListsEveryKeyWithItsDefaultAndDescription() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "conf", "paramavg.properties"), StandardCharsets.UTF_8);
        for (ConfigKey key : ConfigKey.values()) {
            int at = lines.indexOf("#" + key.key() + " = " + key.defaultValue());
            assertTrue(at > 0, "conf/paramavg.properties lacks '#" + key.key() + " = " + key.defaultValue() + "'");
            assertEquals("# " + key.description(), lines.get(at - 1), "description of " + key.key());
        }
    }

    @Test
    void readmeReferenceTableListsEveryKeyWithItsDefaultAndDescription() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        for (ConfigKey key : ConfigKey.values()) {
            String row = "| `" + key.key() + "` | `" + key.defaultValue() + "` | " + key.description().replace("|", "\\|")
                    + " |";
            assertTrue(readme.contains(row), "README.md lacks the row: " + row);
        }
    }
}
