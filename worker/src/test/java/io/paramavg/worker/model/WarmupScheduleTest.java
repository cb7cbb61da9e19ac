package io.paramavg.worker.model;

import io.paramavg.worker.testing.Generated;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;

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
    void theIdentityPlanBuildsTheConfigurationAsBefore() {
        ModelConfig model = Generated.model(ModelConfig.Updater.ADAM, 0.01);
        assertEquals(NetworkFactory.configuration(model, 16, 3, 7).toJson(),
                NetworkFactory.configuration(model, 16, 3, 7, LearningRatePlan.NONE).toJson());
        assertNotEquals(NetworkFactory.configuration(model, 16, 3, 7).toJson(),
                NetworkFactory.configuration(model, 16, 3, 7, new LearningRatePlan(2.0, 0)).toJson());
    }
}
