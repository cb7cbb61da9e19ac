package io.paramavg.worker.link;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The secret one training run's connections prove they know: 256 bits from {@link SecureRandom}, made on
 * the driver and handed to the tasks only inside the stage's closure, that is through Spark's own channel
 * (authenticated, and encrypted, when {@code spark.authenticate} and {@code spark.network.crypto.enabled}
 * are on), and then only as {@linkplain #forStage one stage's secret} derived from it. It never goes on
 * paramavg's own sockets: only MACs keyed with it do.
 */
public final class RunSecret implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bytes of secret: HMAC-SHA256's full key strength. */
    public static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private RunSecret(byte[] key) {
        this.key = key;
    }

    /** A fresh secret. */
    public static RunSecret generate() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return new RunSecret(key);
    }

    /** A secret with the given bytes (tests, which need two ends to share or not share one). */
    public static RunSecret of(byte[] key) {
        if (key.length < BYTES) {
            throw new IllegalArgumentException("a run secret needs at least " + BYTES + " bytes, found " + key.length);
        }
        return new RunSecret(key.clone());
    }

    /**
     * The secret of one stage of the run: HMAC-SHA256 keyed with this secret over the stage's number. What a
     * stage's tasks carry in their closure (which Spark may keep on an executor's disk as a broadcast block)
     * is this, never the run's secret, and the coordinator accepts only the stage it is running: a key read
     * from an earlier stage's closure opens nothing. Deterministic, so the driver derives the same one.
     */
    public RunSecret forStage(long stage) {
        byte[] number = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            number[i] = (byte) (stage >>> (8 * (Long.BYTES - 1 - i)));
        }
        return new RunSecret(mac("stage secret", "", number));
    }

    /** Fresh random bytes, from the same generator (nonces). */
    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * HMAC-SHA256 keyed with the secret over {@code label}, then each part. Labels keep the MACs of
     * different purposes (the two directions of a proof, the two directions' keys) from standing in for
     * each other; every part has a fixed length or comes last but one with its length before it.
     */
    byte[] mac(String label, String context, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
            byte[] contextBytes = context.getBytes(StandardCharsets.UTF_8);
            mac.update(lengthOf(labelBytes));
            mac.update(labelBytes);
            mac.update(lengthOf(contextBytes));
            mac.update(contextBytes);
            for (byte[] part : parts) {
                mac.update(lengthOf(part));
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every JDK ships HmacSHA256 (it is a required algorithm).
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    private static byte[] lengthOf(byte[] bytes) {
        int n = bytes.length;
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** Never the key: a secret must not end up in a log or an exception message. */
    @Override
    public String toString() {
        return "RunSecret[" + BYTES * 8 + " bits, redacted]";
    }
}
