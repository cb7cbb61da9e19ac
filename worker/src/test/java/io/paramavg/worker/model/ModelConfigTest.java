package io.paramavg.worker.model;

import io.paramavg.worker.testing.Generated;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelConfigTest {
    @Test
    void negativeLearningRateNamesTheKeyTheRangeAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generated.model(ModelConfig.Updater.ADAM, -0.5));
        assertEquals("model.learning-rate must be a number > 0, found -0.5", e.getMessage());
    }

    @Test
    void emptyHiddenLayersAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(new int[0], ModelConfig.Activation.RELU, 0, 0, ModelConfig.WeightInit.XAVIER,
                        ModelConfig.Updater.ADAM, 1e-3, 0.9, 1));
        assertEquals("model.hidden-layers must be comma-separated positive integers, found []", e.getMessage());
    }

    @Test
    void sameSeedGivesTheSameInitialParameters() {
        ModelConfig model = Generated.model(ModelConfig.Updater.ADAM, 1e-3);
        float[] a = NetworkState.capture(NetworkFactory.build(model, 16, 3, 7)).parameters();
        float[] b = NetworkState.capture(NetworkFactory.build(model, 16, 3, 7)).parameters();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertEquals(16 * 8 + 8 + 8 * 3 + 3, a.length);
    }
}
