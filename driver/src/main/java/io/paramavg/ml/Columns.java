package io.paramavg.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

import java.io.Serializable;
import java.util.List;

/**
 * The column Params both classes share, named and defaulted as MLlib's classifiers name them
 * ({@code HasFeaturesCol}, {@code HasLabelCol}, {@code HasPredictionCol}, {@code HasProbabilityCol},
 * {@code HasRawPredictionCol}), so a model copies them from its estimator and evaluators find them.
 */
final class Columns implements Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> featuresCol;
    final Param<String> labelCol;
    final Param<String> predictionCol;
    final Param<String> probabilityCol;
    final Param<String> rawPredictionCol;

    Columns(Params owner) {
        featuresCol = new Param<>(owner, "featuresCol", "features column name (an ML Vector)");
        labelCol = new Param<>(owner, "labelCol", "label column name (numeric, or text: text is indexed)");
        predictionCol = new Param<>(owner, "predictionCol", "prediction column name");
        probabilityCol = new Param<>(owner, "probabilityCol", "column name for predicted class probabilities");
        rawPredictionCol = new Param<>(owner, "rawPredictionCol", "raw prediction (a.k.a. confidence) column name: "
                + "the log of each class probability");
    }

    void setDefaults(SettingParams.ParamsAccess owner) {
        owner.defaultTo(featuresCol, "features");
        owner.defaultTo(labelCol, "label");
        owner.defaultTo(predictionCol, "prediction");
        owner.defaultTo(probabilityCol, "probability");
        owner.defaultTo(rawPredictionCol, "rawPrediction");
    }

    List<Param<?>> all() {
        return List.of(featuresCol, labelCol, predictionCol, probabilityCol, rawPredictionCol);
    }
}
