package io.paramavg.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The column Params paramavg adds to MLlib's ({@link Columns}), mixed into both stages as MLlib mixes in
 * {@code HasValidationIndicatorCol}: the accessors find the Params by name among the owner's {@code params()},
 * and the setters return the owner's own type {@code M}, as MLlib's do. Public so that reflective callers (py4j)
 * may invoke the inherited methods.
 */
public interface ColumnParams<M extends ColumnParams<M>> extends Params {
    /** Unset (no default) unless a fit's validation rows are marked by a boolean column. */
    default Param<String> validationIndicatorCol() {
        return column("validationIndicatorCol");
    }

    /** The original label of the predicted class; not written when empty, nor as default-named index labels. */
    default Param<String> predictedLabelCol() {
        return column("predictedLabelCol");
    }

    default String getPredictedLabelCol() {
        return getOrDefault(predictedLabelCol());
    }

    default M setPredictedLabelCol(String value) {
        set(predictedLabelCol(), value);
        @SuppressWarnings("unchecked")
        M self = (M) this;
        return self;
    }

    @SuppressWarnings("unchecked")
    private Param<String> column(String name) {
        return (Param<String>) (Param<?>) getParam(name);
    }
}
