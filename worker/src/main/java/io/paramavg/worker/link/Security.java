package io.paramavg.worker.link;

import java.io.Serializable;

/**
 * What a run's connections need to trust each other: its secret, and whether frames are encrypted
 * after the handshake (decided once on the driver, from {@code spark.network.crypto.enabled} or the
 * paramavg setting that forces it, so that both ends of every connection agree; the flag is part of
 * what the handshake authenticates, so ends that disagree refuse each other instead of misreading).
 *
 * @param secret  the run's secret
 * @param encrypt whether frames are encrypted and authenticated with AES-GCM
 */
public record Security(RunSecret secret, boolean encrypt) implements Serializable {
    public Security {
        if (secret == null) {
            throw new IllegalArgumentException("a run secret is required");
        }
    }

    /** What one stage's tasks and the coordinator use during that stage: its own secret, the same encryption. */
    public Security forStage(long stage) {
        return new Security(secret.forStage(stage), encrypt);
    }
}
