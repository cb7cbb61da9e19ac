package io.paramavg.worker.link;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stage's secret: the driver and the stage's tasks derive the same one from the run's, and it keys
 * nothing that the run's secret or another stage's would.
 */
class StageSecretTest {
    private static final byte[] KEY = new byte[RunSecret.BYTES];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    private static byte[] proof(RunSecret secret) {
        return secret.mac("client proof", "context", new byte[] {1, 2, 3});
    }

    @Test
    void theSameStageOfTheSameRunDerivesTheSameSecretWhereverItIsComputed() {
        assertArrayEquals(proof(RunSecret.of(KEY).forStage(42)), proof(RunSecret.of(KEY.clone()).forStage(42)));
    }

    @Test
    void anotherStageOrTheRunsOwnSecretKeysDifferentProofs() {
        RunSecret run = RunSecret.of(KEY);
        byte[] stage = proof(run.forStage(42));
        assertFalse(Arrays.equals(stage, proof(run.forStage(43))));
        assertFalse(Arrays.equals(stage, proof(run.forStage(42L << 32))));
        assertFalse(Arrays.equals(stage, proof(run)));
    }

    @Test
    void aStagesSecurityKeepsTheRunsEncryptionChoice() {
        Security run = new Security(RunSecret.of(KEY), true);
        assertEquals(true, run.forStage(1).encrypt());
        assertEquals(false, new Security(RunSecret.of(KEY), false).forStage(1).encrypt());
    }
}
