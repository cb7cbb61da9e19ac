package io.paramavg.driver.cli;

import io.paramavg.worker.testing.IdxFixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every malformed input, and every bad setting, gets one line naming what is wrong and an exit code,
 * before Spark starts, with nothing written to --out. Each case breaks a tiny valid data folder.
 */
class BadInputTest {
    private static final String IMAGES = "train-images-idx3-ubyte";
    private static final String LABELS = "train-labels-idx1-ubyte";

    /** Breaks the data folder; returns the file (or folder) the message must name. */
    @FunctionalInterface
    interface Breakage {
        Path apply(Path data) throws IOException;
    }

    static Stream<Arguments> malformedData() {
        return Stream.of(
                bad("wrong magic number", "magic number", data ->
                        write(data, IMAGES, IdxFixtures.idx(0x804, new int[] {4, 3, 3}, new byte[36]))),
                bad("wrong dimension count", "dimension count", data ->
                        write(data, IMAGES, IdxFixtures.idx(0x802, new int[] {4, 9}, new byte[36]))),
                bad("header count beyond the file's length", "header dimensions", data ->
                        write(data, IMAGES, IdxFixtures.idx(0x803, new int[] {2_000_000_000, 28, 28}, new byte[36]))),
                bad("truncated body", "body", data -> {
                    byte[] images = IdxFixtures.images(4, 3, 3, 1);
                    return write(data, IMAGES, IdxFixtures.truncate(images, images.length - 5));
                }),
                bad("truncated gzip", "gzip stream", data -> {
                    Files.delete(data.resolve(IMAGES));
                    byte[] gz = IdxFixtures.gzip(IdxFixtures.images(4, 3, 3, 1));
                    return write(data, IMAGES + ".gz", IdxFixtures.truncate(gz, gz.length / 2));
                }),
                bad("corrupt gzip", "gzip", data -> {
                    Files.delete(data.resolve(IMAGES));
                    byte[] gz = IdxFixtures.gzip(IdxFixtures.images(4, 3, 3, 1));
                    for (int i = 12; i < gz.length - 8; i++) {
                        gz[i] ^= (byte) 0x5A;
                    }
                    return write(data, IMAGES + ".gz", gz);
                }),
                bad("image and label counts differ", "record count", data ->
                        write(data, LABELS, IdxFixtures.labels((byte) 0, (byte) 1, (byte) 1))),
                bad("label outside the class count", "label of record", data ->
                        write(data, LABELS, IdxFixtures.labels((byte) 0, (byte) 1, (byte) 7, (byte) 0)),
                        "--set", "data.classes=2"),
                bad("empty file", "an empty file", data -> write(data, IMAGES, new byte[0])),
                bad("zero records", "record count", data ->
                        write(data, IMAGES, IdxFixtures.idx(0x803, new int[] {0, 3, 3}, new byte[0]))),
                bad("missing file", "file names", data -> {
                    Files.delete(data.resolve("t10k-labels-idx1-ubyte"));
                    return data;
                }),
                bad("folder without the expected file names", "file names", data -> {
                    for (String name : List.of(IMAGES, LABELS, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
                        Files.move(data.resolve(name), data.resolve("renamed-" + name));
                    }
                    return data;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedData")
    void malformedDataIsExitCode3WithOneLineNamingTheFileAndNoModel(String problem, String field, Breakage breakage,
                                                                     List<String> extra, @TempDir Path dir)
            throws IOException {
        Path data = CommandsTest.tinyData(dir.resolve("data"));
        Path named = breakage.apply(data);
        Path out = dir.resolve("out");
        CommandsTest.Outcome outcome = run(data, out, extra);

        assertEquals(3, outcome.code(), outcome.err());
        assertEquals(1, outcome.err().lines().count(), outcome.err());
        assertTrue(outcome.err().contains(named.toString()), "names " + named + ": " + outcome.err());
        assertTrue(outcome.err().contains(field), "names the field '" + field + "': " + outcome.err());
        assertFalse(outcome.err().contains("Exception"), "no stack trace or class names: " + outcome.err());
        assertFalse(Files.exists(out.resolve("model.zip")));
        assertFalse(Files.exists(out), "nothing may be written for bad data");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("negative learning rate", List.of("--set", "model.learning-rate=-0.1"),
                        "model.learning-rate"),
                Arguments.of("negative batch size", List.of("--batch-size", "-1"), "train.batch-size"),
                Arguments.of("more shards than training records", List.of("--shards", "50"), "train.shards"),
                Arguments.of("unknown activation", List.of("--set", "model.activation=swish"), "model.activation"),
                Arguments.of("unknown updater", List.of("--set", "model.updater=adagrad"), "model.updater"),
                Arguments.of("unknown key", List.of("--set", "model.learningrate=0.1"), "model.learningrate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingsAreExitCode2WithOneLineNamingTheKey(String problem, List<String> extra, String key,
                                                         @TempDir Path dir) throws IOException {
        Path data = CommandsTest.tinyData(dir.resolve("data"));
        Path out = dir.resolve("out");
        CommandsTest.Outcome outcome = run(data, out, extra);

        assertEquals(2, outcome.code(), outcome.err());
        assertEquals(1, outcome.err().lines().count(), outcome.err());
        assertTrue(outcome.err().contains(key), outcome.err());
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest(name = "test set given as {0}")
    @MethodSource("trainingFiles")
    void aTestSetThatIsTheTrainingSetIsRefused(String how, @TempDir Path dir) throws IOException {
        Path data = CommandsTest.tinyData(dir.resolve("data"));
        Path out = dir.resolve("out");
        String images = how.equals("the same path") ? data.resolve(IMAGES).toString()
                : data.resolve("..").resolve("data").resolve(IMAGES).toString();
        CommandsTest.Outcome outcome = run(data, out, List.of("--set", "data.test-images=" + images,
                "--set", "data.test-labels=" + data.resolve(LABELS)));

        assertEquals(2, outcome.code(), outcome.err());
        assertTrue(outcome.err().contains("training"), outcome.err());
        assertFalse(Files.exists(out));
    }

    static Stream<String> trainingFiles() {
        return Stream.of("the same path", "another spelling of the same path");
    }

    private static CommandsTest.Outcome run(Path data, Path out, List<String> extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--out",
                out.toString()));
        args.addAll(extra);
        return CommandsTest.run(args.toArray(String[]::new));
    }

    private static Arguments bad(String problem, String field, Breakage breakage, String... extra) {
        return Arguments.of(problem, field, breakage, List.of(extra));
    }

    private static Path write(Path data, String name, byte[] content) throws IOException {
        Path file = data.resolve(name);
        Files.write(file, content);
        return file;
    }
}
