package io.paramavg.driver.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint in format 3 written under the averaging defaults before issue 33 (classic block momentum,
 * {@code train.block-momentum=auto}: 0.5 at 4 shards), as commit c210deb wrote it at the end of epoch 1
 * of a 2-epoch, 4-shard run (the golden fixture, with that run's {@code metrics.json}), resumes today,
 * with today's defaults on the command line, to exactly the model that run trained.
 */
class VersionThreeCheckpointTest {
    private static final String CHECKPOINT = "v3-checkpoint/checkpoints/checkpoint-e0001-r00000.bin";
    /** As the fixture's run was started: 2 epochs of the embedded sample, 16 hidden units, 4 shards. */
    private static final String[] RUN = {"train", "--master", "local[2]", "--epochs", "2", "--shards", "4",
            "--set", "model.hidden-layers=16"};

    @TempDir
    Path dir;

    @Test
    void aVersionThreeCheckpointHoldsTheBlockDeltaAndTheAveragingItWasTrainedWith() throws IOException {
        Checkpoint checkpoint;
        try (InputStream in = Files.newInputStream(Golden.path(CHECKPOINT))) {
            checkpoint = CheckpointFormat.read(CHECKPOINT, in);
        }
        assertEquals(1, checkpoint.epoch());
        assertTrue(checkpoint.state().hasBlockDelta());
        assertEquals("block-momentum", checkpoint.settings().get("train.averaging"));
        assertEquals("auto", checkpoint.settings().get("train.block-momentum"));
    }

    @Test
    void aVersionThreeCheckpointResumedWithTodaysDefaultsFinishesWithTheModelItsRunTrained() throws IOException {
        Path run = Golden.copy("v3-checkpoint", dir.resolve("run"));
        Golden.Outcome resumed = Golden.paramavg(Golden.with(RUN, "--out", run.toString(), "--resume"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming from the checkpoint at epoch 2, round 1"), resumed.out());
        // Today's default is the outer Nesterov step: the run says it keeps the checkpoint's classic rule.
        assertTrue(resumed.out().contains("resuming with the averaging the checkpoint was trained with: "
                + "train.averaging=block-momentum (the default is now block-nesterov)"), resumed.out());
        assertTrue(resumed.out().contains("block momentum 0.5000, block learning rate 1.000"), resumed.out());

        JsonNode recorded = Json.mapper().readTree(Golden.path("v3-checkpoint/metrics.json").toFile());
        JsonNode metrics = Json.mapper().readTree(run.resolve("metrics.json").toFile());
        assertEquals(recorded.at("/test/accuracy").asDouble(), metrics.at("/test/accuracy").asDouble());
        assertEquals(recorded.at("/test/confusion_matrix"), metrics.at("/test/confusion_matrix"));
        // The fixture's run computed its passes with DL4J's own operations; today's runs use paramavg's Java
        // pass (DenseNetwork), whose float rounding differs in the last bits: the predictions above agree
        // exactly, the loss to about 1e-8 of itself (measured: 0.6342529057 against 0.6342529086).
        assertEquals(recorded.at("/epochs/1/train_loss").asDouble(), metrics.at("/epochs/0/train_loss").asDouble(),
                1e-7 * recorded.at("/epochs/1/train_loss").asDouble(), "epoch 2's loss");
        JsonNode manifest = Json.mapper().readTree(run.resolve("manifest.json").toFile());
        assertEquals("block-momentum", manifest.at("/configuration/train.averaging").asText(),
                "so that its next resume trains as it was trained too");
    }
}
