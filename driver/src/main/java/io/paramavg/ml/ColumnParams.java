package io.paramavg.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The column Params {@link ParamAvgClassifier} and {@link ParamAvgClassificationModel} share, mixed in
 * as MLlib mixes in {@code HasFeaturesCol} and its kin: the accessors find the Params by name among the
 * owner's {@code params()}, and the setters return the owner's own type {@code M}, as
 * {@code Predictor}'s do. Public so that reflective callers (py4j) may invoke the inherited methods.
 */
public interface ColumnParams<M extends ColumnParams<M>> extends Params {
    default Param<String> featuresCol() {
        return column("featuresCol");
    }

    default Param<String> labelCol() {
        return column("labelCol");
    }

    default Param<String> predictionCol() {
        return column("predictionCol");
    }

    default Param<String> probabilityCol() {
        return column("probabilityCol");
    }

    default Param<String> rawPredictionCol() {
        return column("rawPredictionCol");
    }

    /** Unset (no default) unless a fit's validation rows are marked by a boolean column. */
    default Param<String> validationIndicatorCol() {
        return column("validationIndicatorCol");
    }

    default M setFeaturesCol(String value) {
        return setColumn(featuresCol(), value);
    }

    default M setPredictionCol(String value) {
        return setColumn(predictionCol(), value);
    }

    default M setProbabilityCol(String value) {
        return setColumn(probabilityCol(), value);
    }

    default M setRawPredictionCol(String value) {
        return setColumn(rawPredictionCol(), value);
    }

    @SuppressWarnings("unchecked")
    private Param<String> column(String name) {
        return (Param<String>) (Param<?>) getParam(name);
    }

    @SuppressWarnings("unchecked")
    private M setColumn(Param<String> param, String value) {
        set(param, value);
        return (M) this;
    }
}
