package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduled retraining job against one registry, run after run, as cron would run it. */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainEndToEndTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
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
    void moreEpochsWarmStartFromTheCurrentVersionAndArePromotedOnlyIfBetter() throws IOException {
        Outcome second = retrain("--epochs", "2");
        assertTrue(second.out().contains("training version 2 warm-started from version 1"), second.out());
        JsonNode decision = history().get(history().size() - 1);
        double newAccuracy = decision.get("new_accuracy").asDouble();
        double currentAccuracy = decision.get("current_accuracy").asDouble();
        if (newAccuracy >= currentAccuracy) {
            assertEquals(0, second.code(), second.out() + second.err());
            assertEquals("2", current());
        } else {
            assertEquals(10, second.code(), second.out() + second.err());
            assertEquals("1", current());
        }
    }

    @Test
    @Order(3)
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
    @Order(4)
    void aCrashBeforePromotionLeavesCurrentCompleteAndTheNextRunCleansUp() throws Exception {
        String before = current();
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/paramavg").toString(), "retrain",
                "--registry", registry().toString(), "--master", "local[2]", "--epochs", "1", "--force"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", "-Xmx2g -Dparamavg.inject-crash=after-version-written");
        Process crashing = builder.start();
        String output = new String(crashing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(137, crashing.waitFor(), output);

        assertEquals(before, current(), "CURRENT still names the complete version it named");
        List<Path> incomplete;
        try (Stream<Path> versions = Files.list(registry().resolve("versions"))) {
            incomplete = versions.filter(p -> p.getFileName().toString().startsWith(".incomplete-")).toList();
        }
        assertEquals(1, incomplete.size(), output);

        Outcome next = retrain("--epochs", "1", "--force", "--break-lock", "--keep", "2");
        assertTrue(next.code() == 0 || next.code() == 10, next.out() + next.err());
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
