package io.paramavg.driver.checkpoint;

import io.paramavg.driver.data.HadoopConf;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.model.ModelState;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint files: exact round trip, every damage detected and named, only the newest kept. */
class CheckpointStoreTest {
    private static final HadoopConf CONF = new HadoopConf(new Configuration());

    static Checkpoint checkpoint(int epoch, int round) {
        return new Checkpoint(epoch, round, 13L * epoch + round, 1.25, 320,
                new ModelState(new float[] {0.5f, -1.5f, Float.MIN_VALUE}, new float[] {3f, 4f}, 130, epoch),
                Map.of("train.seed", "42", "train.shards", "2"));
    }

    static byte[] bytes(Checkpoint checkpoint) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckpointFormat.write(checkpoint, out);
        return out.toByteArray();
    }

    @Test
    void aCheckpointReadsBackExactly() throws IOException {
        Checkpoint written = checkpoint(2, 5);
        Checkpoint read = CheckpointFormat.read("c", new ByteArrayInputStream(bytes(written)));
        assertEquals(written.epoch(), read.epoch());
        assertEquals(written.nextRound(), read.nextRound());
        assertEquals(written.roundsDone(), read.roundsDone());
        assertEquals(written.epochLossSum(), read.epochLossSum());
        assertEquals(written.epochExamples(), read.epochExamples());
        assertArrayEquals(written.state().parameters(), read.state().parameters());
        assertArrayEquals(written.state().updaterState(), read.state().updaterState());
        assertEquals(written.state().iteration(), read.state().iteration());
        assertEquals(written.settings(), read.settings());
    }

    @Test
    void theBlockMomentumDeltaReadsBackExactly() throws IOException {
        Checkpoint written = withDelta(checkpoint(2, 5), new float[] {0.25f, -0f, Float.MAX_VALUE});
        Checkpoint read = CheckpointFormat.read("c", new ByteArrayInputStream(bytes(written)));
        assertArrayEquals(written.state().blockDelta(), read.state().blockDelta());
        assertArrayEquals(written.state().parameters(), read.state().parameters());
    }

    @Test
    void aVersion2CheckpointReadsWithoutABlockDelta() throws IOException {
        Checkpoint read = CheckpointFormat.read("old.bin", new ByteArrayInputStream(version2(checkpoint(2, 5))));
        assertFalse(read.state().hasBlockDelta());
        assertArrayEquals(checkpoint(2, 5).state().parameters(), read.state().parameters());
        assertEquals(5, read.nextRound());
    }

    @Test
    void aBlockDeltaOfAnotherLengthThanTheParametersIsRefusedNamingTheField() throws IOException {
        byte[] current = bytes(checkpoint(1, 0));
        // The delta is the last field; an empty one is its length, 0, just before the checksum.
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(current.length - Long.BYTES + Float.BYTES)
                .put(current, 0, current.length - Long.BYTES - Integer.BYTES).putInt(1).putFloat(1f);
        byte[] fixed = withChecksum(body.array());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> CheckpointFormat.read("c", new ByteArrayInputStream(fixed)));
        assertTrue(e.getMessage().contains("block delta length"), e.getMessage());
    }

    /** {@code checkpoint} (without a delta) as version 2 wrote it: no delta field, version 2 in the header. */
    static byte[] version2(Checkpoint checkpoint) throws IOException {
        byte[] current = bytes(checkpoint);
        byte[] body = java.util.Arrays.copyOf(current, current.length - Long.BYTES - Integer.BYTES);
        java.nio.ByteBuffer.wrap(body).putInt(Integer.BYTES, 2);
        return withChecksum(body);
    }

    private static byte[] withChecksum(byte[] body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        return java.nio.ByteBuffer.allocate(body.length + Long.BYTES).put(body).putLong(crc.getValue()).array();
    }

    private static Checkpoint withDelta(Checkpoint c, float[] delta) {
        ModelState s = c.state();
        return new Checkpoint(c.epoch(), c.nextRound(), c.roundsDone(), c.epochLossSum(), c.epochExamples(),
                new ModelState(s.parameters(), s.updaterState(), s.iteration(), s.epoch(), delta), c.settings());
    }

    @Test
    void everyFlippedByteIsDetectedAndTheFileNamed() throws IOException {
        byte[] good = bytes(checkpoint(1, 0));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> CheckpointFormat.read("/runs/x/checkpoint.bin", new ByteArrayInputStream(bad)));
            assertTrue(e.getMessage().startsWith("/runs/x/checkpoint.bin: "), e.getMessage());
        }
    }

    @Test
    void aTruncatedCheckpointIsRefused() throws IOException {
        byte[] good = bytes(checkpoint(1, 0));
        for (int keep : new int[] {0, 5, 20, good.length - 1}) {
            byte[] bad = java.util.Arrays.copyOf(good, keep);
            assertThrows(DataFormatException.class, () -> CheckpointFormat.read("c", new ByteArrayInputStream(bad)));
        }
    }

    @Test
    void theStoreKeepsTheNewestByPositionAndIgnoresOtherFiles(@TempDir Path dir) throws IOException {
        CheckpointStore store = CheckpointStore.of(new org.apache.hadoop.fs.Path(dir.toUri()), CONF, 2);
        store.save(checkpoint(0, 9));
        store.save(checkpoint(1, 0));
        store.save(checkpoint(1, 10));
        store.save(checkpoint(10, 0));
        Files.writeString(dir.resolve("checkpoints/.checkpoint-e0011-r00000.bin.tmp-1"), "half written");

        List<org.apache.hadoop.fs.Path> kept = store.list();
        assertEquals(List.of("checkpoint-e0001-r00010.bin", "checkpoint-e0010-r00000.bin"),
                kept.stream().map(org.apache.hadoop.fs.Path::getName).toList());
        assertEquals(10, store.newest().orElseThrow().epoch());
    }
}
