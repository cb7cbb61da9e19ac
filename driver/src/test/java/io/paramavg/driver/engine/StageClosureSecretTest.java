package io.paramavg.driver.engine;

import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a stage's closure carries (Spark serialises it to every executor, and may keep it on the
 * executor's disk as a broadcast block): the stage's secret, never the run's.
 */
class StageClosureSecretTest {

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void aStagesTaskCarriesItsStagesSecretAndNotTheRuns() throws IOException {
        byte[] key = new byte[RunSecret.BYTES];
        Arrays.fill(key, (byte) 0x5a);
        Security run = new Security(RunSecret.of(key), true);
        StageTask.Template template = new StageTask.Template(run, null, null, null, 1000, null);
        StageTask task = template.task(null, null, "127.0.0.1", 1, 42);
        byte[] closure = serialized(task);
        assertFalse(contains(closure, key), "the run's secret is in the stage's closure");
        // The derived secret is what the closure holds: serialising the stage's own Security finds its bytes there.
        byte[] stageSecret = serialized(run.forStage(42).secret());
        byte[] stageKeyBytes = Arrays.copyOfRange(stageSecret, stageSecret.length - RunSecret.BYTES, stageSecret.length);
        assertTrue(contains(closure, stageKeyBytes), "the stage's secret is not in its closure");
        assertTrue(contains(serialized(new StageTask.Template(run, null, null, null, 1000, null)), key),
                "the check itself: a serialised template holds the run's key bytes");
    }
}
