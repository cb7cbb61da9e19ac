package io.paramavg.ml;

import org.apache.spark.ml.param.Param;

import java.util.List;

/**
 * Makes the column Params that {@link ColumnParams} reads, named and defaulted as MLlib's classifiers
 * name them ({@code HasFeaturesCol}, {@code HasLabelCol}, {@code HasPredictionCol},
 * {@code HasProbabilityCol}, {@code HasRawPredictionCol}, {@code HasValidationIndicatorCol}), so a model
 * copies them from its estimator
 * and evaluators find them.
 */
final class Columns {
    /** The column Params' names, as {@link #create} makes them. */
    static final List<String> NAMES = List.of("featuresCol", "labelCol", "predictionCol", "probabilityCol",
            "rawPredictionCol", "validationIndicatorCol");

    private Columns() {
    }

    /**
     * The six Params of {@code owner}, with their defaults set: for the owner's {@code params()}.
     * {@code validationIndicatorCol} is MLlib's ({@code HasValidationIndicatorCol}, as its GBTs and
     * xgboost.spark have it), with no default: unset, every row trains.
     */
    static List<Param<?>> create(SettingParams.ParamsAccess owner) {
        Param<String> features = new Param<>(owner, "featuresCol", "features column name (an ML Vector)");
        Param<String> label = new Param<>(owner, "labelCol", "label column name (numeric, or text: text is indexed)");
        Param<String> prediction = new Param<>(owner, "predictionCol", "prediction column name");
        Param<String> probability = new Param<>(owner, "probabilityCol",
                "column name for predicted class probabilities");
        Param<String> raw = new Param<>(owner, "rawPredictionCol", "raw prediction (a.k.a. confidence) column name: "
                + "the log of each class probability");
        Param<String> validation = new Param<>(owner, "validationIndicatorCol", "name of the column that indicates "
                + "whether each row is for training or for validation. False indicates training; true indicates "
                + "validation.");
        owner.defaultTo(features, "features");
        owner.defaultTo(label, "label");
        owner.defaultTo(prediction, "prediction");
        owner.defaultTo(probability, "probability");
        owner.defaultTo(raw, "rawPrediction");
        return List.of(features, label, prediction, probability, raw, validation);
    }
}
