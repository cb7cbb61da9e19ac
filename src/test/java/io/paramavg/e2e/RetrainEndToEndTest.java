package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.service.RetrainRequest;
import io.paramavg.driver.service.Retraining;
import io.paramavg.driver.service.RunEvents;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduled retraining job against one registry, run after run, as cron would run it. */
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainEndToEndTest {
    @TempDir
    static Path dir;

    private static Path registry() {
        return dir.resolve("registry");
    }

    @Test
    @Order(1)
    void theFirstRunPromotesVersion1AndARerunOnTheSameDataDoesNothing() throws IOException {
        Outcome first = retrain("--epochs", "1");
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("training version 1 from scratch"), first.out());
        assertEquals("1", current());
        for (String name : List.of("model.zip", "metrics.json", "manifest.json")) {
            assertTrue(Files.exists(registry().resolve("versions/1").resolve(name)), name);
        }
        assertEquals("promoted", history().get(0).get("decision").asText());

        Outcome again = retrain("--epochs", "1");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing to do: version 1 was trained on the same data and configuration"),
                again.out());
        assertFalse(Files.exists(registry().resolve("versions/2")));
    }

    @Test
    @Order(2)
    void moreEpochsWarmStartedFromTheCurrentVersionArePromoted() throws IOException {
        // Seeded: two more epochs from version 1's weights score higher on the same test set, every run.
        Outcome second = retrain("--epochs", "2");
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(second.out().contains("training version 2 warm-started from version 1"), second.out());
        assertEquals("2", current());
        JsonNode decision = history().get(history().size() - 1);
        assertEquals("promoted", decision.get("decision").asText());
        assertTrue(decision.get("new_accuracy").asDouble() > decision.get("current_accuracy").asDouble(),
                decision.toString());
        // The warm start itself: from scratch, version 2's first epoch (same seed, same data) would repeat version
        // 1's loss exactly; from version 1's weights it starts where version 1 ended, far lower.
        double fromScratch = firstEpochLoss("1");
        double warm = firstEpochLoss("2");
        assertTrue(warm < 0.8 * fromScratch, "version 2's first epoch lost " + warm + ", version 1's " + fromScratch);
    }

    private static double firstEpochLoss(String version) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(registry().resolve("versions").resolve(version)
                .resolve("metrics.json").toFile()).at("/epochs/0/train_loss").asDouble(Double.NaN);
    }

    @Test
    @Order(3)
    void aBetterModelThatMissesTheMarginExits10() throws IOException {
        Outcome missed = retrain("--epochs", "3", "--min-improvement", "0.5");
        assertEquals(10, missed.code(), missed.out() + missed.err());
        assertEquals("2", current());
        assertTrue(missed.out().contains("not better by 0.5000"), missed.out());
    }

    @Test
    @Order(4)
    void aWorseModelExits10AndLeavesCurrentUnchanged() throws IOException {
        String before = current();
        Outcome worse = retrain("--epochs", "1", "--from-scratch", "--set", "model.learning-rate=0.1");
        assertEquals(10, worse.code(), worse.out() + worse.err());
        assertEquals(before, current());
        JsonNode decision = history().get(history().size() - 1);
        assertEquals("kept version " + before, decision.get("decision").asText());
        assertTrue(decision.get("new_accuracy").asDouble() < decision.get("current_accuracy").asDouble());
        assertTrue(Files.exists(registry().resolve("versions").resolve(decision.get("version").asText())),
                "an unpromoted version is kept for inspection");
    }

    @Test
    @Order(5)
    void aCrashBeforePromotionLeavesCurrentCompleteAndTheNextRunCleansUp() throws Exception {
        String before = current();
        RunConfig config = RunConfig.from(Settings.defaults().with(ConfigKey.TRAIN_EPOCHS, "1"));
        RetrainRequest request = RetrainRequest.builder(config, registry().toString()).force(true).master("local[2]")
                .build();
        // The job dies between writing a version's files and moving it into place, as a killed job would.
        Retraining crashing = new Retraining(new HadoopConf(new Configuration()), RunEvents.NONE, folder -> {
            throw new IllegalStateException("simulated crash after writing " + folder);
        });
        IllegalStateException crash = assertThrows(IllegalStateException.class, () -> crashing.run(request));
        String output = crash.getMessage();
        assertEquals(before, current(), "CURRENT still names the complete version it named");
        List<Path> incomplete;
        try (Stream<Path> versions = Files.list(registry().resolve("versions"))) {
            incomplete = versions.filter(p -> p.getFileName().toString().startsWith(".incomplete-")).toList();
        }
        assertEquals(1, incomplete.size(), output);

        // A negative margin promotes whatever scores within a point of the current version: a known outcome.
        Outcome next = retrain("--epochs", "1", "--force", "--keep", "2", "--min-improvement", "-0.01");
        assertEquals(0, next.code(), next.out() + next.err());
        assertTrue(next.out().contains("removed " + "file:" + incomplete.get(0)), next.out());
        assertFalse(Files.exists(incomplete.get(0)));

        // Retention: the newest two versions stay, and the current one whatever its age.
        List<String> kept;
        try (Stream<Path> versions = Files.list(registry().resolve("versions"))) {
            kept = versions.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(kept.contains(current()), kept + " must hold the current version " + current());
        assertTrue(kept.size() <= 3 && kept.size() >= 2, kept.toString());
        assertTrue(next.out().contains("deleted version "), next.out());
    }

    @Test
    @Order(6)
    void withValidationDataTheDecisionIsMadeOnItAndTheTestSetOnlyReports() throws IOException {
        Outcome decided = retrain("--epochs", "1", "--force", "--set", "train.validation-fraction=0.2",
                "--min-improvement", "-1");
        assertEquals(0, decided.code(), decided.out() + decided.err());
        assertTrue(decided.out().contains(": validation accuracy "), decided.out());
        JsonNode decision = history().get(history().size() - 1);
        assertEquals("validation", decision.get("decided_on").asText());
        assertTrue(decision.get("new_test_accuracy").isNumber() && decision.get("current_test_accuracy").isNumber(),
                decision.toString());
        // Scored on the 1,600 held-out training records (a fifth of 8,000), not the 2,000 test records.
        for (String field : List.of("new_accuracy", "current_accuracy")) {
            double correct = decision.get(field).asDouble() * 1600;
            assertEquals(Math.rint(correct), correct, 1e-6, field + " is a share of the 1,600 validation records");
        }
    }

    record Outcome(int code, String out, String err) {
    }

    private static Outcome retrain(String... extra) {
        List<String> args = new ArrayList<>(List.of("retrain", "--registry", registry().toString(), "--master",
                "local[2]"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String current() throws IOException {
        return Files.readString(registry().resolve("CURRENT")).strip();
    }

    private static List<JsonNode> history() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(registry().resolve("history.jsonl"))) {
            lines.add(new ObjectMapper().readTree(line));
        }
        return lines;
    }
}
