package io.paramavg.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifierParams;
import org.apache.spark.ml.param.Param;

import java.util.List;

/**
 * The column Params of both stages: MLlib's own, which the stages inherit from {@code ProbabilisticClassifier}
 * and {@code ProbabilisticClassificationModel} ({@code featuresCol}, {@code labelCol}, {@code predictionCol},
 * {@code probabilityCol}, {@code rawPredictionCol}, {@code thresholds}, with MLlib's names, defaults and
 * meaning), and the two paramavg adds: {@code validationIndicatorCol} (MLlib's {@code HasValidationIndicatorCol},
 * as its GBTs and xgboost.spark have it) and {@code predictedLabelCol}, the original label of the predicted class.
 */
final class Columns {
    /** The column Params' names: Params that are no configuration key. */
    static final List<String> NAMES = List.of("featuresCol", "labelCol", "predictionCol", "probabilityCol",
            "rawPredictionCol", "thresholds", "validationIndicatorCol", "predictedLabelCol");

    /** {@code predictedLabelCol}'s default. */
    static final String PREDICTED_LABEL = "predictedLabel";

    private Columns() {
    }

    /**
     * The eight Params of {@code owner}, with paramavg's two made and defaulted: for the owner's {@code params()}.
     * {@code validationIndicatorCol} has no default (unset: every row trains), as in MLlib.
     */
    static <S extends SettingParams.ParamsAccess & ProbabilisticClassifierParams> List<Param<?>> create(S owner) {
        Param<String> validation = new Param<>(owner, "validationIndicatorCol", "name of the column that indicates "
                + "whether each row is for training or for validation. False indicates training; true indicates "
                + "validation.");
        Param<String> predictedLabel = new Param<>(owner, "predictedLabelCol", "column name for the original label "
                + "of the predicted class (a double when the training labels were numbers, else a string; "
                + "predictionCol holds the class index, 0..numClasses-1, that probabilityCol is indexed by); "
                + "not written when empty, nor under its default name when the labels are the class indices "
                + "themselves");
        owner.defaultTo(predictedLabel, PREDICTED_LABEL);
        return List.of(owner.featuresCol(), owner.labelCol(), owner.predictionCol(), owner.probabilityCol(),
                owner.rawPredictionCol(), owner.thresholds(), validation, predictedLabel);
    }
}
