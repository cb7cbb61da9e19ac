package io.paramavg.worker.testing;

import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.ModelConfig;

import java.util.Random;

/** Small generated data and models for tests that must run in milliseconds. */
public final class Generated {
    private Generated() {
    }

    /**
     * {@code count} 4x4 images in 3 classes: each class lights up its own band of pixels plus noise,
     * so a small MLP can learn it, which keeps losses and gradients realistic.
     */
    public static LabeledRecords images(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 16];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(3);
            labels[i] = (byte) label;
            for (int f = 0; f < 16; f++) {
                int base = f / 5 == label ? 180 : 30;
                pixels[i * 16 + f] = (byte) Math.min(255, base + random.nextInt(60));
            }
        }
        return LabeledRecords.of(4, 4, 3, pixels, labels);
    }

    /** A small MLP configuration with the given updater and learning rate. */
    public static ModelConfig model(ModelConfig.Updater updater, double learningRate) {
        return new ModelConfig(new int[] {8}, ModelConfig.Activation.TANH, 0, 0, ModelConfig.WeightInit.XAVIER,
                updater, learningRate, 0.9, 1.0);
    }
}
