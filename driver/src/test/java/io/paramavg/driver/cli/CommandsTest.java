package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.worker.testing.IdxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's contract: help, one-line errors and exit codes. None of these start Spark. */
class CommandsTest {

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void trainHelpListsEveryOptionWithItsDefaultAndTheExitCodes() {
        Outcome help = run("train", "--help");
        assertEquals(0, help.code());
        // picocli wraps long lines, also after a dot: compare without any whitespace.
        String flat = help.out().replaceAll("\\s+", "");
        for (Option option : new TrainCommand(System.out, null).options()) {
            assertTrue(help.out().contains(option.name()), option.name());
            if (option.key() != null) {
                String shown = option.key().defaultValue().isEmpty() ? "(none)" : option.key().defaultValue();
                assertTrue(flat.contains("[" + option.key().key() + "]Default:" + shown + "."),
                        option.name() + " default");
            }
        }
        for (ExitCode exit : ExitCode.values()) {
            assertTrue(help.out().contains(String.format("  %-3d %s", exit.code(), exit.meaning())), exit.name());
        }
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Outcome help = run("--help");
        assertEquals(0, help.code());
        for (String command : Commands.all(System.out, System.err, null).keySet()) {
            assertTrue(help.out().contains(command), command);
        }
    }

    @Test
    void unknownOptionIsOneLineSuggestsTheNearestAndIsExitCode2() {
        Outcome outcome = run("train", "--epoch", "3");
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().startsWith("paramavg: unknown option --epoch; did you mean --epochs"), outcome.err());
        assertEquals(1, outcome.err().lines().count(), outcome.err());
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignToo() {
        Outcome outcome = run("train", "--epochs=0");
        assertEquals(2, outcome.code());
        assertEquals("paramavg: train.epochs must be an integer >= 1, found '0' (from --epochs)", outcome.err().strip());
    }

    @Test
    void badConfigurationIsExitCode2BeforeAnythingStarts() {
        Outcome outcome = run("train", "--set", "model.learning-rate=-0.1");
        assertEquals(2, outcome.code());
        assertEquals("paramavg: model.learning-rate must be a number > 0, found '-0.1' (from --set)",
                outcome.err().strip());
    }

    @Test
    void retrainOptionsFollowTheirDeclaredRulesInEitherForm(@TempDir Path dir) {
        String registry = "--registry=" + dir.resolve("registry");
        assertEquals("paramavg: retrain.keep must be an integer >= 1, found '2.9' (from --keep)",
                run("retrain", registry, "--keep", "2.9").err().strip());
        assertEquals("paramavg: retrain.min-improvement must be a number in [-1, 1], found 'NaN' (from "
                + "--min-improvement)", run("retrain", registry, "--min-improvement=NaN").err().strip());
        assertEquals(2, run("retrain", registry, "--keep=0").code());
    }

    @Test
    void evaluateBlamesItsOwnOption() {
        Outcome outcome = run("evaluate", "--model", "m.zip", "--shards", "-1");
        assertEquals(2, outcome.code());
        assertEquals("paramavg: evaluate.shards must be an integer >= 0, found '-1' (from --shards)",
                outcome.err().strip());
    }

    @Test
    void anOutOrRegistryThatIsAFileIsTheSameUsageError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Outcome out = run("train", "--out", file.toString());
        Outcome registry = run("retrain", "--registry", file.toString());
        assertEquals(2, out.code(), out.err());
        assertEquals(2, registry.code(), registry.err());
        assertTrue(out.err().contains("--out must be a folder, found a file at"), out.err());
        assertTrue(registry.err().contains("--registry must be a folder, found a file at"), registry.err());
    }

    @Test
    void configCommandPrintsWhatTheShippedFilesHold() throws IOException {
        assertEquals(Files.readString(Path.of("..", "conf", "paramavg.properties"), StandardCharsets.UTF_8),
                run("config", "--properties").out());
        assertEquals(Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8),
                run("config", "--markdown").out(), "docs/configuration.md differs from 'paramavg config --markdown'");
    }

    @Test
    void configPythonPrintsTheShippedPythonParamsModuleAndRefusesASecondFormat() throws IOException {
        assertEquals(Files.readString(Path.of("..").resolve(io.paramavg.ml.PythonParams.FILE), StandardCharsets.UTF_8),
                run("config", "--python").out());
        Outcome both = run("config", "--python", "--markdown");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--properties, --markdown and --python print different formats"), both.err());
    }

    @Test
    void moreShardsThanRecordsIsExitCode2(@TempDir Path dir) throws IOException {
        Path data = tinyData(dir.resolve("data"));
        Outcome outcome = run("train", "--data", data.toString(), "--shards", "50", "--out", dir.resolve("o").toString());
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().contains("train.shards must be between 1 and the number of training records (4), "
                + "found 50"), outcome.err());
    }

    @Test
    void corruptDataIsExitCode3NamesTheFileAndWritesNothing(@TempDir Path dir) throws IOException {
        Path data = tinyData(dir.resolve("data"));
        byte[] images = Files.readAllBytes(data.resolve("train-images-idx3-ubyte"));
        Files.write(data.resolve("train-images-idx3-ubyte"), IdxFixtures.truncate(images, images.length - 5));
        Path out = dir.resolve("out");
        Outcome outcome = run("train", "--data", data.toString(), "--out", out.toString());
        assertEquals(3, outcome.code());
        assertTrue(outcome.err().startsWith("paramavg: " + data.resolve("train-images-idx3-ubyte")), outcome.err());
        assertTrue(outcome.err().contains("truncated"), outcome.err());
        assertEquals(1, outcome.err().lines().count(), outcome.err());
        assertFalse(Files.exists(out), "nothing may be written for bad data");
    }

    @Test
    void anExistingModelIsNotOverwrittenWithoutTheFlag(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("model.zip"), "precious");
        Outcome outcome = run("train", "--out", out.toString());
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().contains("already holds a model"), outcome.err());
        assertTrue(outcome.err().contains("--overwrite"), outcome.err());
        assertEquals("precious", Files.readString(out.resolve("model.zip")));
    }

    @Test
    void localPathsOnARemoteClusterAreRefusedUnlessVouchedFor(@TempDir Path dir) {
        Path out = dir.resolve("out");
        Outcome outcome = run("train", "--master", "spark://10.1.2.3:7077", "--out", out.toString());
        assertEquals(2, outcome.code());
        assertTrue(outcome.err().contains("is on this host's local disk"), outcome.err());
        assertTrue(outcome.err().contains("--shared-paths"), outcome.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void everyConfigKeyHasADescriptionAndAValidDefault() {
        for (ConfigKey key : ConfigKey.values()) {
            assertFalse(key.description().isBlank(), key.key());
            assertTrue(key.key().matches("[a-z]+\\.[a-z0-9-]+"), key.key());
            key.setting().parse(key.defaultValue());
        }
    }

    @Test
    void labelsThatLeaveAnInferredClassEmptyAreExitCode3NamingTheWayOut(@TempDir Path dir) throws IOException {
        Path data = tinyData(dir.resolve("data"));
        Files.write(data.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels((byte) 0, (byte) 1, (byte) 200,
                (byte) 2));
        Path out = dir.resolve("out");
        Outcome outcome = run("train", "--data", data.toString(), "--out", out.toString());
        assertEquals(3, outcome.code(), outcome.err());
        String message = outcome.err().strip();
        assertTrue(message.startsWith("paramavg: " + data.resolve("train-labels-idx1-ubyte") + ": labels:"), message);
        assertTrue(message.contains("largest label, 200, of record 2 at byte offset 10"), message);
        assertTrue(message.contains("197 of the 201 classes without any"), message);
        assertTrue(message.contains("data.classes=201"), message);
        assertFalse(Files.exists(out));
    }

    /** Four 3x3 training images and two test images, plain IDX, in {@code dir}. */
    static Path tinyData(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFixtures.images(4, 3, 3, 1));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels((byte) 0, (byte) 1, (byte) 1, (byte) 0));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFixtures.images(2, 3, 3, 2));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFixtures.labels((byte) 1, (byte) 0));
        return dir;
    }
}
