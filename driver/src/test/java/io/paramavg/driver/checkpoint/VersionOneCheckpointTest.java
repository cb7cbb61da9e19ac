package io.paramavg.driver.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.testing.Golden;
import io.paramavg.worker.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A checkpoint in format 1, as commit 426887e wrote it at the end of epoch 1 of a 2-epoch run (the
 * golden fixture; the same run wrote {@code golden/v1-model-manifest-beside}), reads and resumes.
 */
class VersionOneCheckpointTest {
    private static final String CHECKPOINT = "v1-checkpoint/checkpoints/checkpoint-e0001-r00000.bin";
    /** The run's 2 epochs on the embedded sample, 16 hidden units, 2 shards, as the fixture's run was started. */
    private static final String[] RUN = {"train", "--master", "local[2]", "--epochs", "2", "--shards", "2",
            "--set", "model.hidden-layers=16"};

    @TempDir
    Path dir;

    @Test
    void aVersionOneCheckpointReadsAsNoBestEpochAndNoBlockDelta() throws IOException {
        Checkpoint checkpoint;
        try (InputStream in = Files.newInputStream(Golden.path(CHECKPOINT))) {
            checkpoint = CheckpointFormat.read(CHECKPOINT, in);
        }
        assertEquals(1, checkpoint.epoch());
        assertEquals(0, checkpoint.nextRound());
        assertEquals(13, checkpoint.roundsDone());
        assertEquals(Checkpoint.Best.NONE, checkpoint.best());
        assertFalse(checkpoint.state().hasBlockDelta());
        assertEquals(784 * 16 + 16 + 16 * 10 + 10, checkpoint.state().parameters().length);
        assertEquals(25, checkpoint.settings().size());
        assertEquals("16", checkpoint.settings().get("model.hidden-layers"));
        assertTrue(ResumeCheck.predatesScaling(checkpoint.settings()));
    }

    @Test
    void aVersionOneCheckpointResumedTodayFinishesWithTheAccuracyItsRunRecorded() throws IOException {
        Path run = Golden.copy("v1-checkpoint", dir.resolve("run"));
        Golden.Outcome resumed = Golden.paramavg(Golden.with(RUN, "--out", run.toString(), "--resume"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming from the checkpoint at epoch 2, round 1"), resumed.out());
        assertTrue(resumed.out().contains("the checkpoint predates train.averaging"), resumed.out());

        JsonNode recorded = Json.mapper().readTree(Golden.path("v1-model-manifest-beside/metrics.json").toFile());
        JsonNode metrics = Json.mapper().readTree(run.resolve("metrics.json").toFile());
        assertEquals(recorded.at("/test/accuracy").asDouble(), metrics.at("/test/accuracy").asDouble());
        assertEquals(recorded.at("/test/confusion_matrix"), metrics.at("/test/confusion_matrix"));
        assertEquals(1, metrics.at("/epochs").size(), "the resumed run trained epoch 2 only");
        JsonNode manifest = Json.mapper().readTree(run.resolve("manifest.json").toFile());
        assertNull(manifest.at("/configuration").get("train.averaging"), "so that its next resume is plain too");
    }

    @Test
    void aVersionOneCheckpointIsRefusedUnderAnotherValueOfAKeyItPredatesNamingTheDefaultItTrainedWith()
            throws IOException {
        Path run = Golden.copy("v1-checkpoint", dir.resolve("run"));
        Golden.Outcome refused = Golden.paramavg(Golden.with(RUN, "--out", run.toString(), "--resume", "--set",
                "train.validation-fraction=0.25"));
        assertEquals(2, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("train.validation-fraction is '0.25' now but was '0.0' (its default: the "
                + "checkpoint predates the key)"), refused.err());
        assertFalse(refused.err().contains("data.format"), "only the key that differs: " + refused.err());
    }

    @Test
    void aCheckpointOfAFutureFormatIsRefusedNamingTheFileTheFieldAndBothVersions() throws IOException {
        byte[] bytes = Files.readAllBytes(Golden.path(CHECKPOINT));
        ByteBuffer.wrap(bytes).putInt(Integer.BYTES, CheckpointFormat.VERSION + 1);

        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CheckpointFormat.read("run/checkpoints/c.bin", new ByteArrayInputStream(bytes)));
        assertEquals("run/checkpoints/c.bin: format version: expected 1 to 3, found 4", e.getMessage());
    }
}
