package io.paramavg.driver.data.table;

import io.paramavg.driver.cli.Commands;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each reader on small generated files, good and broken, through the command line on one shared
 * local[2] context: a broken file is exit 3 naming the file and the line, and nothing is written.
 */
class TableReadersTest {
    @TempDir
    static Path dir;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("paramavg-table-readers")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** 40 rows of two separable classes: label, x, y. */
    private static String goodCsv(boolean header) {
        StringBuilder text = new StringBuilder(header ? "label,x,y\n" : "");
        for (int i = 0; i < 40; i++) {
            int label = i % 2;
            text.append(label).append(',').append(label * 2 + 0.01 * i).append(',').append(1 - label + 0.02 * i)
                    .append('\n');
        }
        return text.toString();
    }

    private static Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String run(int expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(expected, code, printed);
        return printed;
    }

    private static String train(int expected, Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--data", data.toString(),
                "--out", dir.resolve("out-" + data.getFileName()).toString(), "--epochs", "2", "--shards", "2",
                "--set", "model.hidden-layers=4", "--set", "data.test-fraction=0.25"));
        args.addAll(List.of(more));
        return run(expected, args.toArray(new String[0]));
    }

    /** Exit 3, the message names the file and {@code where}, and no output folder was made. */
    private static void refused(Path data, String where, String... more) {
        String printed = train(3, data, more);
        System.out.println("refused: " + printed.strip());
        assertTrue(printed.contains(data.getFileName().toString()) && printed.contains(where), printed);
        assertFalse(Files.exists(dir.resolve("out-" + data.getFileName())), "nothing written: " + printed);
    }

    @Test
    void goodCsvWithAndWithoutHeaderAndGzipTrains() throws IOException {
        String printed = train(0, write("good.csv", goodCsv(true)));
        assertTrue(printed.contains("test accuracy"), printed);
        train(0, write("noheader.csv", goodCsv(false)));
        Path gz = dir.resolve("good.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(goodCsv(true).getBytes(StandardCharsets.UTF_8));
        }
        train(0, gz);
    }

    @Test
    void goodLibsvmTrains() throws IOException {
        StringBuilder text = new StringBuilder("# a comment line\n");
        for (int i = 0; i < 40; i++) {
            int label = i % 2;
            text.append(label).append(" 1:").append(label * 2 + 0.01 * i).append(" 3:").append(1 - label)
                    .append('\n');
        }
        train(0, write("good.libsvm", text.toString()));
    }

    @Test
    void textLabelsAreIndexedAndOneBasedCodesNeedIndexLabels() throws IOException {
        String text = goodCsv(true).replaceAll("(?m)^0,", "cat,").replaceAll("(?m)^1,", "dog,");
        String printed = train(0, write("text-labels.csv", text));
        assertTrue(printed.contains("2 classes"), printed);
        String oneBased = goodCsv(true).replaceAll("(?m)^1,", "2,").replaceAll("(?m)^0,", "1,");
        refused(write("one-based.csv", oneBased), "line ", "--label-col", "label");
        train(0, dir.resolve("one-based.csv"), "--index-labels");
    }

    @Test
    void raggedRowIsRefusedNamingItsLine() throws IOException {
        refused(write("ragged.csv", goodCsv(true) + "1,2\n"), "line 42");
    }

    @Test
    void nonNumericCellIsRefusedNamingLineAndColumn() throws IOException {
        refused(write("text-cell.csv", goodCsv(true).replace("\n1,2.05,", "\n1,abc,")), "line 7, column 'x'");
    }

    @Test
    void nanIsRefused() throws IOException {
        refused(write("nan.csv", goodCsv(true).replace("\n1,2.05,", "\n1,NaN,")), "line 7, column 'x'");
    }

    @Test
    void negativeAndFractionalLabelsAreRefusedWithoutIndexLabels() throws IOException {
        refused(write("negative.csv", goodCsv(true) + "-1,0.5,0.5\n"), "line 42, column 'label'");
        refused(write("fraction.csv", goodCsv(true) + "2.5,0.5,0.5\n"), "line 42, column 'label'");
    }

    @Test
    void emptyAndHeaderOnlyFilesAreRefused() throws IOException {
        refused(write("empty.csv", ""), "empty");
        refused(write("header-only.csv", "label,x,y\n"), "at least one record");
    }

    @Test
    void libsvmIndexZeroAndGarbledPairsAreRefusedNamingTheLine() throws IOException {
        refused(write("zero.libsvm", "0 1:0.5\n1 0:0.5\n"), "line 2");
        refused(write("garbled.libsvm", "0 1:0.5\n1 2:0.5\n0 3-0.5\n"), "line 3");
    }

    @Test
    void anUnknownExtensionAsksForTheFormat() throws IOException {
        String printed = train(2, write("data.txt", goodCsv(true)));
        assertTrue(printed.contains("--format"), printed);
        train(0, dir.resolve("data.txt"), "--format", "csv");
    }

    @Test
    void neitherTestSetNorFractionIsExit2() throws IOException {
        Path data = write("no-test.csv", goodCsv(true));
        String printed = run(2, "train", "--master", "local[2]", "--data", data.toString(), "--out",
                dir.resolve("no-test").toString());
        assertTrue(printed.contains("data.test-fraction"), printed);
    }

    @Test
    void retrainOnATableChecksumsWhatItReads() throws IOException {
        Path data = write("retrain.csv", goodCsv(true));
        String registry = dir.resolve("registry").toString();
        String[] retrain = {"retrain", "--master", "local[2]", "--registry", registry, "--data", data.toString(),
            "--epochs", "1", "--shards", "2", "--set", "model.hidden-layers=4", "--set", "data.test-fraction=0.25"};
        String first = run(0, retrain);
        assertTrue(first.contains("promoted version 1"), first);
        String again = run(0, retrain);
        assertTrue(again.contains("nothing to do"), again);
        write("retrain.csv", goodCsv(true) + "1,2.5,0.5\n");
        // Changed rows retrain; a margin of -1 promotes whatever accuracy the new version reaches, so exit 0
        // is the one right answer (this test is about the checksum, not about which version is better).
        String[] promoteAny = Stream.concat(Arrays.stream(retrain),
                Stream.of("--min-improvement", "-1")).toArray(String[]::new);
        String changed = run(0, promoteAny);
        assertFalse(changed.contains("nothing to do"), changed);
        assertTrue(changed.contains("promoted version 2"), changed);
    }
}
