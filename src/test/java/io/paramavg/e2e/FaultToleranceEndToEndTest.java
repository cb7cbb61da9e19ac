package io.paramavg.e2e;

import io.paramavg.driver.checkpoint.CheckpointFormat;
import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.cli.Commands;
import io.paramavg.driver.config.RunConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real faults: a driver killed with SIGKILL and resumed, and a run that diverges. */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FaultToleranceEndToEndTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /**
     * 3 epochs of 13 rounds, a checkpoint every 5 rounds: most of them fall inside an epoch. The default
     * averaging rule from 2 shards (the outer Nesterov step), so that its delta, from which the next round's
     * look-ahead start is made, must survive the kill too, and a scaled learning rate warming up across the
     * kill.
     */
    private static final List<String> RUN = List.of("train", "--master", "local[2]", "--epochs", "3", "--shards", "2",
            "--set", "train.checkpoint-every=5", "--set", "train.eval-every=0",
            "--set", "train.learning-rate-scaling=sqrt",
            "--set", "train.warmup-epochs=2", "--set", "train.scaling-from-shards=2");

    @Test
    void aKilledDriverWithBlockMomentumResumesFromItsLastCheckpointToTheUninterruptedParametersBitForBit(
            @TempDir Path dir) throws Exception {
        Path uninterrupted = dir.resolve("uninterrupted");
        assertEquals(0, train(uninterrupted).code());

        Path out = dir.resolve("killed");
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/paramavg").toString()));
        command.addAll(RUN);
        command.addAll(List.of("--out", out.toString()));
        Process driver = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        int checkpoints = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && checkpoints < 3; line = lines.readLine()) {
                seen.append(line).append('\n');
                if (line.contains("checkpoint saved")) {
                    checkpoints++;
                }
            }
            // Killed after the third checkpoint (round 15 of 39: inside epoch 2), as a lost host would be.
            driver.destroyForcibly().waitFor();
        }
        assertEquals(3, checkpoints, seen.toString());
        assertFalse(Files.exists(out.resolve("model.zip")), seen.toString());

        Outcome refused = train(out, "--resume");
        assertEquals(2, refused.code(), "the dead driver's lock must be reported: " + refused.err());
        assertTrue(refused.err().contains("no longer running"), refused.err());

        Outcome resumed = train(out, "--resume", "--break-lock");
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming from the checkpoint at epoch 2, round"), resumed.out());

        assertTrue(resumed.out().contains("averaging: block momentum 0.9000 (Nesterov look-ahead), block learning "
                + "rate 0.7000"), resumed.out());
        assertArrayEquals(parameters(uninterrupted), parameters(out), "a resumed run ends bit for bit where the "
                + "uninterrupted one does");
        // Adam's moments too: a resume that restored the parameters but not the updater state (or not the
        // block-momentum delta, which steers every round after the kill) would end elsewhere.
        assertArrayEquals(updaterState(uninterrupted), updaterState(out), "the resumed run's Adam moments end bit for "
                + "bit where the uninterrupted run's do");
    }

    @Test
    void aCheckpointWrittenBeforeTheAveragingRuleResumesWithThePlainAverageItWasTrainedWith(@TempDir Path dir)
            throws Exception {
        // An older run: the plain average (what every run did before train.averaging existed), 3 epochs.
        Path out = dir.resolve("older");
        Outcome older = train(out, "--set", "train.averaging=mean", "--set", "train.learning-rate-scaling=none",
                "--set", "train.moments=mean");
        assertEquals(0, older.code(), older.out() + older.err());
        float[] expected = parameters(out);
        // Its oldest kept checkpoint, as the previous format wrote it: version 2, no block delta, and no
        // averaging keys among its settings. The newer checkpoints and the outputs go.
        List<Path> saved;
        try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
            saved = files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted().toList();
        }
        Checkpoint kept;
        try (InputStream in = Files.newInputStream(saved.get(0))) {
            kept = CheckpointFormat.read(saved.get(0).toString(), in);
        }
        assertTrue(kept.epoch() < 2 || kept.nextRound() > 0, "a checkpoint before the end: " + saved);
        Map<String, String> settings = new LinkedHashMap<>(kept.settings());
        RunConfig.SCALING_KEYS.forEach(key -> settings.remove(key.key()));
        assertEquals(kept.settings().size() - RunConfig.SCALING_KEYS.size(), settings.size());
        Files.write(saved.get(0), version2(new Checkpoint(kept.epoch(), kept.nextRound(), kept.roundsDone(),
                kept.epochLossSum(), kept.epochExamples(), kept.state(), settings, kept.best())));
        for (Path newer : saved.subList(1, saved.size())) {
            Files.delete(newer);
        }
        for (String output : List.of("model.zip", "metrics.json", "manifest.json", "report.html")) {
            Files.deleteIfExists(out.resolve(output));
        }

        // Resumed with RUN's settings, which ask for block momentum: the older run goes on as it was trained.
        Outcome resumed = train(out, "--resume");
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("the checkpoint predates train.averaging: resuming with the plain average"),
                resumed.out());
        assertTrue(resumed.out().contains("averaging: plain average"), resumed.out());
        assertArrayEquals(expected, parameters(out), "the resumed older run ends where it did uninterrupted");
    }

    /** {@code checkpoint} (without a block delta) as format version 2 wrote it. */
    private static byte[] version2(Checkpoint checkpoint) throws IOException {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        CheckpointFormat.write(checkpoint, current);
        byte[] bytes = current.toByteArray();
        // Version 3 appends the delta (here its length, 0) just before the CRC-32; version 2 ends without it.
        byte[] body = java.util.Arrays.copyOf(bytes, bytes.length - Long.BYTES - Integer.BYTES);
        java.nio.ByteBuffer.wrap(body).putInt(Integer.BYTES, 2);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        return java.nio.ByteBuffer.allocate(body.length + Long.BYTES).put(body).putLong(crc.getValue()).array();
    }

    @Test
    void divergenceExitsWith4WritesNoModelAndLeavesTheLastCheckpointIntact(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("diverged");
        // Plain SGD at an absurd learning rate, with leaky ReLUs that cannot die (plain ReLUs would, and
        // the loss would stall rather than explode): finite for two rounds, each checkpointed, then NaN.
        Outcome outcome = train(out, "--set", "model.updater=sgd", "--set", "model.activation=leakyrelu",
                "--set", "model.learning-rate=1", "--set", "train.checkpoint-every=1", "--set", "train.averaging=mean",
                "--set", "train.learning-rate-scaling=none");
        assertEquals(4, outcome.code(), outcome.out() + outcome.err());
        assertTrue(outcome.err().contains("training diverged in round"), outcome.err());
        assertTrue(outcome.err().contains("model.learning-rate"), outcome.err());
        assertFalse(Files.exists(out.resolve("model.zip")));

        List<Path> saved;
        try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
            saved = files.sorted().toList();
        }
        assertFalse(saved.isEmpty(), outcome.out());
        Checkpoint last;
        try (InputStream in = Files.newInputStream(saved.get(saved.size() - 1))) {
            last = CheckpointFormat.read(saved.get(saved.size() - 1).toString(), in);
        }
        for (float p : last.state().parameters()) {
            assertTrue(Float.isFinite(p), "the last checkpoint holds the last good parameters");
        }
    }

    record Outcome(int code, String out, String err) {
    }

    private static Outcome train(Path out, String... extra) {
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Commands.run(args.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return new Outcome(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    private static float[] parameters(Path run) throws IOException {
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), false);
        return model.params().data().asFloat();
    }

    private static float[] updaterState(Path run) throws IOException {
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), true);
        return model.getUpdater().getStateViewArray().toFloatVector();
    }
}
