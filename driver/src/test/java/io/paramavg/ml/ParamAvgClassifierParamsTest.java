package io.paramavg.ml;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.worker.settings.SettingException;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimator's Params come from the Setting declarations: names, defaults, rules, documentation. */
class ParamAvgClassifierParamsTest {

    @Test
    void everyEstimatorKeyIsAParamWithTheKeysDefault() {
        ParamAvgClassifier classifier = new ParamAvgClassifier();
        for (ConfigKey key : SettingParams.KEYS) {
            Param<Object> param = classifier.getParam(SettingParams.nameOf(key));
            assertTrue(param.doc().contains("[" + key.key() + "]"), param.doc());
            assertEquals(key.defaultValue(), SettingParams.text(key, classifier.getOrDefault(param)), key.key());
        }
        assertEquals("learningRate", SettingParams.nameOf(ConfigKey.MODEL_LEARNING_RATE));
        assertEquals("averagingFrequency", SettingParams.nameOf(ConfigKey.TRAIN_AVERAGING_FREQUENCY));
        // Unset, the Params make exactly the default configuration.
        assertEquals(RunConfig.from(Settings.defaults()).settings().asMap(),
                classifier.runConfig().settings().asMap());
    }

    @Test
    void aValueBreakingTheKeysRuleFailsWithTheKeysMessage() {
        ParamAvgClassifier classifier = new ParamAvgClassifier();
        SettingException epochs = assertThrows(SettingException.class, () -> classifier.setEpochs(0));
        assertEquals("train.epochs must be an integer >= 1, found 0", epochs.getMessage());
        assertThrows(SettingException.class, () -> classifier.setDropout(1.0));
        assertThrows(SettingException.class, () -> classifier.setActivation("wavy"));
        assertThrows(SettingException.class, () -> classifier.setHiddenLayers(new int[] {64, 0}));
    }

    @Test
    void settersReachTheRunConfigurationAndCopiesKeepThem() {
        ParamAvgClassifier classifier = new ParamAvgClassifier().setHiddenLayers(new int[] {32, 16})
                .setActivation("tanh").setLearningRate(0.01).setEpochs(3).setBatchSize(64).setShards(2)
                .setAveragingFrequency(5).setSeed(7).setUpdater("sgd").setL2(1e-4).setDropout(0.1);
        RunConfig config = classifier.runConfig();
        assertArrayEquals(new int[] {32, 16}, config.model().hiddenLayers());
        assertEquals(0.01, config.model().learningRate());
        assertEquals(3, config.training().epochs());
        assertEquals(64, config.training().batchSize());
        assertEquals(5, config.training().averagingFrequency());
        assertEquals(7L, config.training().seed());
        assertEquals("tanh", config.settings().get(ConfigKey.MODEL_ACTIVATION));

        ParamAvgClassifier copy = classifier.copy(new ParamMap().put(classifier.learningRate().w(0.5)));
        assertNotSame(classifier, copy);
        assertEquals(classifier.uid(), copy.uid());
        assertEquals(0.5, copy.runConfig().model().learningRate());
        assertEquals(3, copy.runConfig().training().epochs());
        assertEquals(0.01, classifier.runConfig().model().learningRate());
    }

    @Test
    void autoSettingsAreMinusOneAsParamsWhichEqualsItselfAndMakesAuto() {
        ParamAvgClassifier classifier = new ParamAvgClassifier();
        for (String name : new String[] {"blockMomentum", "blockLearningRate"}) {
            double auto = (Double) classifier.getOrDefault(classifier.getParam(name));
            // NaN, the old default, equals nothing: param maps and tuning grids holding it never matched.
            assertTrue(auto == auto, name);
            assertEquals(-1.0, auto, name);
            assertTrue(classifier.getParam(name).doc().contains("As a Param, -1.0 is auto."), name);
        }
        assertEquals("auto", classifier.runConfig().settings().get(ConfigKey.TRAIN_BLOCK_MOMENTUM));
        classifier.set(classifier.getParam("blockMomentum"), 0.9);
        assertEquals("0.9", classifier.runConfig().settings().get(ConfigKey.TRAIN_BLOCK_MOMENTUM));
        classifier.set(classifier.getParam("blockMomentum"), -1.0);
        assertEquals("auto", classifier.runConfig().settings().get(ConfigKey.TRAIN_BLOCK_MOMENTUM));
        SettingException negative = assertThrows(SettingException.class,
                () -> classifier.set(classifier.getParam("blockMomentum"), -0.5));
        assertEquals("train.block-momentum must be auto or a number in [0, 1), found -0.5", negative.getMessage());
    }

    @Test
    void stagesAreMllibsProbabilisticClassifierAndOwnTheirInheritedParams() {
        ParamAvgClassifier classifier = new ParamAvgClassifier("paramAvgClassifier_test");
        assertInstanceOf(ProbabilisticClassifier.class, classifier);
        // MLlib's Params record their owner's uid when made, before a Java constructor could set a field.
        assertEquals("paramAvgClassifier_test", classifier.featuresCol().parent());
        assertEquals("paramAvgClassifier_test", classifier.thresholds().parent());
        ParamAvgClassifier copy = classifier.copy(new ParamMap()).setFeaturesCol("x").setLabelCol("y")
                .setThresholds(new double[] {0.5, 0.5});
        assertEquals("x", copy.getFeaturesCol());
        assertArrayEquals(new double[] {0.5, 0.5}, copy.getThresholds());
        assertEquals("predictedLabel", copy.getPredictedLabelCol());
        ParamAvgClassificationModel model = new ParamAvgClassificationModel("m");
        assertInstanceOf(ProbabilisticClassificationModel.class, model);
        assertEquals("m", model.setPredictionCol("p").predictionCol().parent());
    }
}
