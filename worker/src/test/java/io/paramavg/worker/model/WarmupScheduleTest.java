package io.paramavg.worker.model;

import io.paramavg.worker.testing.Generated;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The scaled, warmed-up learning rate, and that the plain plan leaves DL4J's configuration as it was. */
class WarmupScheduleTest {

    @Test
    void theRateRampsLinearlyThenHoldsTheMultipliedRateUnderTheEpochDecay() {
        WarmupSchedule schedule = new WarmupSchedule(0.001, 4.0, 100, 0.5);
        assertEquals(0.001, schedule.valueAt(0, 0), 1e-15);
        assertEquals(0.0025, schedule.valueAt(50, 0), 1e-15);
        assertEquals(0.004, schedule.valueAt(100, 0), 1e-15);
        assertEquals(0.004, schedule.valueAt(5000, 0), 1e-15);
        assertEquals(0.001, schedule.valueAt(5000, 2), 1e-15);
        assertEquals(0.004, new WarmupSchedule(0.001, 4.0, 0, 1.0).valueAt(0, 0), 1e-15, "no warm-up");
    }

    @Test
    void aNetworkConfigurationWithTheScheduleRoundTripsThroughJson() {
        ModelConfig model = Generated.model(ModelConfig.Updater.ADAM, 0.01);
        MultiLayerConfiguration conf = NetworkFactory.configuration(model, 16, 3, 7, new LearningRatePlan(4.0, 30));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        BaseLayer layer = (BaseLayer) back.getConf(0).getLayer();
        assertEquals(0.04, layer.getIUpdater().getLearningRate(30, 0), 1e-12);
    }

    @Test
    void theIdentityPlanBuildsDl4jsOwnUpdatersAsBeforeThePlansExisted() {
        // Before learning-rate plans, a constant rate was DL4J's Adam(rate) and a decaying one Adam over
        // DL4J's own per-epoch ExponentialSchedule: the identity plan must build exactly those.
        ModelConfig constant = Generated.model(ModelConfig.Updater.ADAM, 0.01);
        assertEquals(new Adam(0.01), updater(NetworkFactory.configuration(constant, 16, 3, 7, LearningRatePlan.NONE)));
        ModelConfig decaying = new ModelConfig(new int[] {8}, ModelConfig.Activation.TANH, 0, 0,
                ModelConfig.WeightInit.XAVIER, ModelConfig.Updater.ADAM, 0.01, 0.9, 0.95);
        assertEquals(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, 0.01, 0.95)),
                updater(NetworkFactory.configuration(decaying, 16, 3, 7, LearningRatePlan.NONE)));
        assertNotEquals(new Adam(0.01),
                updater(NetworkFactory.configuration(constant, 16, 3, 7, new LearningRatePlan(2.0, 0))));
    }

    private static IUpdater updater(MultiLayerConfiguration configuration) {
        return ((BaseLayer) configuration.getConf(0).getLayer()).getIUpdater();
    }
}
