package io.paramavg.worker.link;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the exchange's frame sealing and opening on throwaway keys and bytes once per JVM, on a thread of
 * its own, so that HotSpot has compiled them before a training round needs them.
 *
 * <p>Why: AES-GCM is fast only once C2 has compiled the JDK's GCM code with its AES and carry-less
 * multiply intrinsics. Until then a round's 2.8 MB through {@link GcmOutputStream}/{@link GcmInputStream}
 * ran in the interpreter and C1 code: about 100 ms a round instead of 9 for the first ~15 rounds of a run
 * (a JFR profile: GHASH.processBlocks on top). And the first compilation, profiled on one key and one
 * frame size, was thrown away at the next stage's new keys ({@code unstable_if} traps in
 * {@code GaloisCounterMode.init}, {@code GHASH.update}, {@code GCMEncrypt.doFinal}), costing another
 * ~2 s of slow rounds in epoch 2. So the warm-up changes keys often and mixes frame sizes, full frames
 * included, in both modes. It competes with nothing when it runs beside the JVM's start-up (Spark's,
 * the data's loading); a second call in the same JVM does nothing.
 */
public final class CipherWarmup {
    /** Frames sealed and opened: enough calls for C2 (Tier4 thresholds are thousands of invocations). */
    static final int FRAMES = 12_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CipherWarmup() {
    }

    /** Starts the warm-up on a daemon thread, unless this JVM has started it already. */
    public static void startOnce() {
        if (STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(CipherWarmup::run, "paramavg-cipher-warmup");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The warm-up itself, on the calling thread: {@code frames} frames sealed and opened. */
    static void run(int frames) {
        SplittableRandom sizes = new SplittableRandom(1);
        SecureRandom keys = new SecureRandom();
        byte[] payload = new byte[GcmOutputStream.FRAME];
        sizes.nextBytes(payload);
        byte[] readBack = new byte[GcmOutputStream.FRAME];
        byte[] key = new byte[16];
        int done = 0;
        try {
            while (done < frames) {
                keys.nextBytes(key);
                boolean encrypt = (done / 64) % 2 == 0;
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                GcmOutputStream out = new GcmOutputStream(wire, key, encrypt);
                int[] lengths = new int[64];
                for (int i = 0; i < lengths.length; i++) {
                    // Mostly small frames (cheap while still interpreted), one full frame in 32, odd sizes too.
                    lengths[i] = i % 32 == 31 ? GcmOutputStream.FRAME : 1 + sizes.nextInt(1024);
                    out.write(payload, 0, lengths[i]);
                    out.flush();
                }
                GcmInputStream in = new GcmInputStream(new ByteArrayInputStream(wire.toByteArray()), key, encrypt);
                for (int length : lengths) {
                    int read = 0;
                    while (read < length) {
                        read += in.read(readBack, 0, length - read);
                    }
                }
                done += lengths.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the cipher warm-up could not read back its own frames", e);
        }
    }

    private static void run() {
        run(FRAMES);
    }
}
