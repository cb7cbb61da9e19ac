package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.testing.IdxFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** evaluate, predict and inspect on a model that train wrote, as a user runs them. */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SavedModelCommandsEndToEndTest {
    @TempDir
    static Path dir;
    private static Path run;
    private static double trainedAccuracy;

    @BeforeAll
    static void train() throws IOException {
        run = dir.resolve("run");
        Outcome trained = paramavg("train", "--master", "local[2]", "--epochs", "2", "--out", run.toString());
        assertEquals(0, trained.code(), trained.out() + trained.err());
        trainedAccuracy = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).at("/test/accuracy")
                .asDouble();
    }

    @Test
    void evaluateOnTheEmbeddedTestSetReproducesTheAccuracyTrainRecorded() throws IOException {
        Path json = dir.resolve("evaluation.json");
        Outcome evaluated = paramavg("evaluate", "--master", "local[2]", "--model", run.resolve("model.zip").toString(),
                "--out", json.toString());
        assertEquals(0, evaluated.code(), evaluated.err());
        JsonNode metrics = new ObjectMapper().readTree(json.toFile());
        assertEquals(trainedAccuracy, metrics.at("/test/accuracy").asDouble(), 1e-12);
        assertEquals(2000, metrics.at("/test/examples").asInt());
        assertEquals(10, metrics.at("/test/confusion_matrix").size());
        assertTrue(evaluated.out().contains(String.format("test accuracy %.4f", trainedAccuracy)), evaluated.out());

        Outcome again = paramavg("evaluate", "--model", run.resolve("model.zip").toString(), "--out", json.toString());
        assertEquals(2, again.code(), "an existing --out is not replaced without --overwrite");
    }

    @Test
    void predictWritesOneRowPerImageWithProbabilitiesWhoseArgMaxScoresTheRecordedAccuracy() throws IOException {
        Path csv = dir.resolve("predictions.csv");
        Path images = extract("test-images-idx3-ubyte.gz");
        Outcome predicted = paramavg("predict", "--model", run.resolve("model.zip").toString(), "--images",
                images.toString(), "--out", csv.toString());
        assertEquals(0, predicted.code(), predicted.err());

        List<String> lines = Files.readAllLines(csv);
        assertEquals("index,predicted,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9", lines.get(0));
        assertEquals(2001, lines.size());
        byte[] labels;
        try (InputStream in = resource("test-labels-idx1-ubyte.gz")) {
            labels = IdxReader.readLabels("labels", in).body();
        }
        int correct = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            assertEquals(i - 1, Integer.parseInt(cells[0]));
            double sum = 0;
            int best = 0;
            for (int c = 0; c < 10; c++) {
                double p = Double.parseDouble(cells[2 + c]);
                sum += p;
                best = p > Double.parseDouble(cells[2 + best]) ? c : best;
            }
            assertEquals(1.0, sum, 1e-4, "row " + i);
            assertEquals(best, Integer.parseInt(cells[1]), "row " + i);
            correct += best == labels[i - 1] ? 1 : 0;
        }
        assertEquals(trainedAccuracy, correct / 2000.0, 1e-12);
    }

    @Test
    void predictRefusesImagesOfAnotherSize() throws IOException {
        Path small = Files.write(dir.resolve("small-images"), IdxFixtures.images(3, 5, 5, 1));
        Path csv = dir.resolve("small.csv");
        Outcome refused = paramavg("predict", "--model", run.resolve("model.zip").toString(), "--images",
                small.toString(), "--out", csv.toString());
        assertEquals(3, refused.code());
        assertTrue(refused.err().contains(small + ": image size: expected 784 pixels per image"), refused.err());
        assertTrue(refused.err().contains("found 5x5 = 25"), refused.err());
        assertFalse(Files.exists(csv));
    }

    @Test
    void inspectDescribesModelsFilesAndFoldersAndNamesWhatIsBroken() throws IOException {
        Outcome model = paramavg("inspect", run.toString());
        assertEquals(0, model.code(), model.err());
        assertTrue(model.out().contains("3 layers, 235,146 parameters"), model.out());
        assertTrue(model.out().contains("layer 0: DenseLayer 784 -> 256"), model.out());
        assertTrue(model.out().contains("train.epochs = 2"), model.out());
        assertTrue(model.out().contains(String.format("test accuracy %.4f", trainedAccuracy)), model.out());

        Outcome labels = paramavg("inspect", extract("test-labels-idx1-ubyte.gz").toString());
        assertEquals(0, labels.code(), labels.err());
        assertTrue(labels.out().contains("IDX labels, 2,000 records, classes 0..9"), labels.out());
        assertEquals(11, labels.out().lines().count(), labels.out());

        Path data = Files.createDirectories(dir.resolve("data"));
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz")) {
            Files.copy(extract(name), data.resolve(name));
        }
        Outcome folder = paramavg("inspect", data.toString());
        assertEquals(0, folder.code(), folder.err());
        assertTrue(folder.out().contains("IDX images, unsigned bytes, 8,000 records of 28x28"), folder.out());
        assertTrue(folder.out().contains("8,000 training and 2,000 test records of 28x28, 10 classes"), folder.out());

        byte[] gz = Files.readAllBytes(data.resolve("train-labels-idx1-ubyte.gz"));
        Path broken = Files.write(dir.resolve("broken-labels.gz"), IdxFixtures.truncate(gz, gz.length / 2));
        Outcome bad = paramavg("inspect", broken.toString());
        assertEquals(3, bad.code());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("paramavg: " + broken + ": gzip stream"), bad.err());

        Path notAModel = Files.writeString(dir.resolve("not-a-model.zip"), "hello");
        Outcome badModel = paramavg("inspect", notAModel.toString());
        assertEquals(3, badModel.code(), badModel.err());
        assertTrue(badModel.err().contains(notAModel + ": model: expected a DL4J MultiLayerNetwork zip"),
                badModel.err());
    }

    @Test
    void everyCommandsHelpListsItsOptionsAndTheExitCodes() {
        for (String command : List.of("train", "evaluate", "predict", "inspect")) {
            Outcome help = paramavg(command, "--help");
            assertEquals(0, help.code(), command);
            assertTrue(help.out().startsWith("Usage: paramavg " + command), help.out());
            assertTrue(help.out().contains("Exit codes:"), help.out());
        }
    }

    @Test
    void theReportRendersInHeadlessChromiumWithTheRunsNumbers() throws Exception {
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        String dom = Chromium.dumpDom(run.resolve("report.html"));

        assertTrue(dom.contains("data-rendered=\"true\""), "the page's script ran to the end");
        assertTrue(dom.contains("data-accuracy=\"" + metrics.at("/test/accuracy").asText() + "\""), dom);
        assertTrue(dom.contains("data-series=\"train_loss\" data-points=\"" + metrics.at("/rounds").size() + "\""),
                "one loss point per round");
        for (JsonNode epoch : metrics.at("/epochs")) {
            assertTrue(dom.contains("data-value=\"" + epoch.get("test_accuracy").asText() + "\""),
                    "accuracy of epoch " + epoch.get("epoch"));
        }
        JsonNode confusion = metrics.at("/test/confusion_matrix");
        for (int actual = 0; actual < confusion.size(); actual++) {
            for (int predicted = 0; predicted < confusion.size(); predicted++) {
                assertTrue(dom.contains("data-actual=\"" + actual + "\" data-predicted=\"" + predicted
                        + "\" data-count=\"" + confusion.get(actual).get(predicted).asInt() + "\""),
                        "confusion cell " + actual + "," + predicted);
            }
        }
        assertTrue(dom.contains("train.epochs = 2"), "the resolved configuration is shown");
        String html = Files.readString(run.resolve("report.html"));
        assertFalse(html.matches("(?s).*(src|href)=\"?(https?:)?//.*"), "self-contained: nothing is fetched");
    }

    record Outcome(int code, String out, String err) {
    }

    static Outcome paramavg(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path extract(String name) throws IOException {
        Path file = dir.resolve("embedded-" + name);
        if (!Files.exists(file)) {
            try (InputStream in = resource(name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    private static InputStream resource(String name) {
        return SavedModelCommandsEndToEndTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name);
    }
}
