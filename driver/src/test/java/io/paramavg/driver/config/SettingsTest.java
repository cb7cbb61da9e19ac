package io.paramavg.driver.config;

import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.settings.SettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    void autoBatchIs32UnlessAShardsEpochWouldHaveFewerThanTenRounds() {
        assertEquals(0, RunConfig.from(Settings.defaults()).training().batchSize(), "auto until the data is known");
        // Fashion-MNIST's 60,000 records, averaging every 10: 16 shards of 3,750 have 12 rounds at 32.
        assertEquals(32, TrainingConfig.autoBatchSize(60_000, 10));
        assertEquals(32, TrainingConfig.autoBatchSize(3_750, 10));
        // 32 shards of 1,875: 6 rounds at 32, 12 at 16; 64 shards of 938: 3 at 32, 6 at 16, 12 at 8.
        assertEquals(16, TrainingConfig.autoBatchSize(1_875, 10));
        assertEquals(8, TrainingConfig.autoBatchSize(938, 10));
        assertEquals(8, TrainingConfig.autoBatchSize(50, 10), "never below 8");
        assertEquals(32, TrainingConfig.autoBatchSize(938, 1), "rounds count averagings, not minibatches");
        RunConfig resolved = RunConfig.from(Settings.defaults()).withBatchSize(16);
        assertEquals(16, resolved.training().batchSize());
        assertEquals("16", resolved.settings().get(ConfigKey.TRAIN_BATCH_SIZE), "what the manifest records");
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
    void badValuesNameTheKeyTheAllowedValuesWhatWasFoundAndWhere() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("train.batch-size=-1", "train.batch-size must be an integer >= 0, found '-1'");
        expected.put("model.learning-rate=-1", "model.learning-rate must be a number > 0, found '-1'");
        expected.put("model.activation=swish",
                "model.activation must be one of relu, leakyrelu, tanh, sigmoid, elu, gelu, found 'swish'");
        expected.put("model.updater=adagrad", "model.updater must be one of adam, nesterovs, sgd, found 'adagrad'");
        expected.put("train.epochs=many", "train.epochs must be an integer >= 1, found 'many'");
        expected.put("model.hidden-layers=256,x", "model.hidden-layers must be comma-separated positive integers, "
                + "found '256,x'");
        expected.put("model.dropout=1", "model.dropout must be a number in [0, 1), found '1'");
        expected.put("model.l2=Infinity", "model.l2 must be a number >= 0, found 'Infinity'");
        expected.put("train.engine=spark", "train.engine must be one of paramavg, dl4j-spark, found 'spark'");
        expected.forEach((assignment, message) -> {
            SettingException e = assertThrows(SettingException.class,
                    () -> Settings.defaults().withAssignment(assignment), assignment);
            assertEquals(message + " (from --set)", e.getMessage());
        });
    }

    @Test
    void aRecordBuiltInCodeBreaksTheSameRuleWithTheSameMessage() {
        SettingException e = assertThrows(SettingException.class, () -> new TrainingConfig(
                TrainingConfig.Engine.PARAMAVG, 0, 32, 0, 10, 42, 1, 0, 0, 3));
        assertEquals("train.epochs must be an integer >= 1, found 0", e.getMessage());
        SettingException model = assertThrows(SettingException.class, () -> new ModelConfig(new int[] {8},
                ModelConfig.Activation.RELU, 0, 0, ModelConfig.WeightInit.RELU, ModelConfig.Updater.SGD, 0, 0.9, 1));
        assertEquals("model.learning-rate must be a number > 0, found 0.0", model.getMessage());
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
    void shippedPropertiesFileIsGeneratedFromTheDeclarations() throws IOException {
        assertEquals(ConfigReference.properties(),
                Files.readString(Path.of("..", "conf", "paramavg.properties"), StandardCharsets.UTF_8),
                "regenerate it: scripts/paramavg config --properties > conf/paramavg.properties");
    }

    @Test
    void shippedReferencePageIsGeneratedFromTheDeclarations() throws IOException {
        assertEquals(ConfigReference.markdownPage(),
                Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8),
                "regenerate it: scripts/paramavg config --markdown > docs/configuration.md");
    }
}
