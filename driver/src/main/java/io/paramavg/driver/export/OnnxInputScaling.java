package io.paramavg.driver.export;

import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.onnx.ExportRefusedException;
import io.paramavg.worker.onnx.InputStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.ArrayList;
import java.util.List;

/**
 * The scaling a saved model's inputs get before its first layer, as graph steps, so the exported
 * graph takes the data as it is stored: an IDX model's grey levels divided by 255 (as
 * {@link LabeledRecords} does), a table model's raw values through DL4J's own normalizer. The
 * statistics are read from the normalizer DL4J restores from model.zip, after DL4J's own adjustments
 * (a zero standard deviation raised to 1e-5 and then divided by as 1, an empty min-max range widened),
 * and the steps are the operations DL4J performs, in its order: subtract then divide, so the graph
 * rounds as DL4J does.
 *
 * @param steps       the steps, in order
 * @param description what the graph does to its input, for the metadata
 */
record OnnxInputScaling(List<InputStep> steps, String description) {

    static OnnxInputScaling of(SavedModel model) {
        if (model.manifest() == null) {
            throw new ExportRefusedException(model.location() + " has no paramavg manifest, so the scaling its "
                    + "inputs were trained with is unknown (models written by paramavg train or a Spark ML fit carry "
                    + "one inside model.zip)");
        }
        TablePreprocessing table = model.table();
        if (table == null) {
            return new OnnxInputScaling(List.of(InputStep.of(InputStep.Operation.DIVIDE,
                    LabeledRecords.IMAGE_DIVISOR)), "divide by 255");
        }
        DataNormalization normalizer = table.scaling().normalizer();
        if (table.scaling().kind() == TableConfig.Normalize.NONE) {
            return new OnnxInputScaling(List.of(), "none");
        }
        if (normalizer instanceof NormalizerStandardize standardize) {
            // StandardizeStrategy's divisor, made with its own operation: it replaces the standard deviations
            // that ND4J's equals-0 condition matches (within ND4J's epsilon, so also the 1e-5 that a zero
            // deviation was raised to) by 1. Read as exactly 0 instead, a feature constant in training and
            // not in scoring came out 1e5 times too large.
            INDArray std = standardize.getStd().dup();
            BooleanIndexing.replaceWhere(std, 1.0, Conditions.equals(0));
            return new OnnxInputScaling(List.of(
                    new InputStep(InputStep.Operation.SUBTRACT, standardize.getMean().toFloatVector()),
                    new InputStep(InputStep.Operation.DIVIDE, std.toFloatVector())), "standardize");
        }
        if (normalizer instanceof NormalizerMinMaxScaler minMax) {
            return new OnnxInputScaling(minMax(minMax), "min-max");
        }
        throw new ExportRefusedException(model.location() + " scales its inputs with "
                + normalizer.getClass().getSimpleName() + "; the export translates standardize and min-max");
    }

    /** MinMaxStrategy: (x - min) / (max - min), then times the target range and plus its minimum. */
    private static List<InputStep> minMax(NormalizerMinMaxScaler minMax) {
        float[] lower = minMax.getMin().toFloatVector();
        // MinMaxStats.getRange's own arithmetic, in the statistics' own type.
        float[] range = minMax.getMax().sub(minMax.getMin()).toFloatVector();
        List<InputStep> steps = new ArrayList<>(List.of(new InputStep(InputStep.Operation.SUBTRACT, lower),
                new InputStep(InputStep.Operation.DIVIDE, range)));
        double width = minMax.getTargetMax() - minMax.getTargetMin();
        if (width != 1.0) {
            steps.add(InputStep.of(InputStep.Operation.MULTIPLY, (float) width));
        }
        if (minMax.getTargetMin() != 0.0) {
            steps.add(InputStep.of(InputStep.Operation.ADD, (float) minMax.getTargetMin()));
        }
        return List.copyOf(steps);
    }
}
