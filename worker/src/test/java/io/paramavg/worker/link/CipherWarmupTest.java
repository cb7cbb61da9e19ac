package io.paramavg.worker.link;

import org.junit.jupiter.api.Test;

/** The warm-up's own frames go through the real streams, so it doubles as a round-trip check of both modes. */
class CipherWarmupTest {

    @Test
    void sealsAndOpensItsFramesInBothModes() {
        // run() reads every frame back through its tag check: a frame that did not open would throw.
        long began = System.nanoTime();
        CipherWarmup.run(CipherWarmup.FRAMES);
        System.out.printf("cipher warm-up, %d frames: %.0f ms%n", CipherWarmup.FRAMES, (System.nanoTime() - began) / 1e6);
    }
}
