package io.paramavg.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training settings {@link ParamAvgClassifier} and {@link ParamAvgClassificationModel} share, mixed
 * into both as MLlib's {@code LogisticRegressionParams} and XGBoost4J-Spark's Params traits are, so that
 * a fitted model says how it was trained ({@code model.getEpochs()}) and persists it with its metadata.
 * The typed accessors cover the keys users set most; every other key's Param is found by name
 * ({@code getParam("momentum")}), as {@link SettingParams} names them. The setters are the estimator's.
 * Public so that reflective callers (py4j) may invoke the inherited methods.
 */
public interface TrainingParams extends Params {
    default IntArrayParam hiddenLayers() {
        return (IntArrayParam) (Param<?>) getParam("hiddenLayers");
    }

    default Param<String> activation() {
        return text("activation");
    }

    default DoubleParam dropout() {
        return (DoubleParam) getParam("dropout");
    }

    default DoubleParam l2() {
        return (DoubleParam) getParam("l2");
    }

    default Param<String> updater() {
        return text("updater");
    }

    default DoubleParam learningRate() {
        return (DoubleParam) getParam("learningRate");
    }

    default IntParam epochs() {
        return (IntParam) getParam("epochs");
    }

    default IntParam batchSize() {
        return (IntParam) getParam("batchSize");
    }

    default IntParam shards() {
        return (IntParam) getParam("shards");
    }

    default IntParam averagingFrequency() {
        return (IntParam) getParam("averagingFrequency");
    }

    default LongParam seed() {
        return (LongParam) getParam("seed");
    }

    default DoubleParam testFraction() {
        return (DoubleParam) getParam("testFraction");
    }

    default DoubleParam validationFraction() {
        return (DoubleParam) getParam("validationFraction");
    }

    default IntParam earlyStoppingPatience() {
        return (IntParam) getParam("earlyStoppingPatience");
    }

    default BooleanParam indexLabels() {
        return (BooleanParam) getParam("indexLabels");
    }

    default Param<String> normalize() {
        return text("normalize");
    }

    default Param<String> outputDir() {
        return text(SettingParams.OUTPUT_DIR);
    }

    default int[] getHiddenLayers() {
        return getOrDefault(hiddenLayers());
    }

    default String getActivation() {
        return getOrDefault(activation());
    }

    default double getDropout() {
        return (Double) getOrDefault(dropout());
    }

    default double getL2() {
        return (Double) getOrDefault(l2());
    }

    default String getUpdater() {
        return getOrDefault(updater());
    }

    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default int getShards() {
        return (Integer) getOrDefault(shards());
    }

    default int getAveragingFrequency() {
        return (Integer) getOrDefault(averagingFrequency());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default double getTestFraction() {
        return (Double) getOrDefault(testFraction());
    }

    default double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    default int getEarlyStoppingPatience() {
        return (Integer) getOrDefault(earlyStoppingPatience());
    }

    default boolean getIndexLabels() {
        return (Boolean) getOrDefault(indexLabels());
    }

    default String getNormalize() {
        return getOrDefault(normalize());
    }

    /** Where the fit wrote its run's files; empty: a temporary folder, removed when the fit ended. */
    default String getOutputDir() {
        return getOrDefault(outputDir());
    }

    @SuppressWarnings("unchecked")
    private Param<String> text(String name) {
        return (Param<String>) (Param<?>) getParam(name);
    }
}
