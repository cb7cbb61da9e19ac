package io.paramavg.worker.onnx;

import java.util.Arrays;

/**
 * One element-wise step of the scaling a model's inputs get before its first layer, which the
 * exported graph applies itself so that it takes the data as it is stored (IDX grey levels, a
 * table's raw values): {@code x op values}, with one value for every feature or one for all.
 *
 * @param operation what is done
 * @param values    one value per feature, or a single value for every feature
 */
public record InputStep(Operation operation, float[] values) {

    /** The ONNX operators a step may be. */
    public enum Operation {
        SUBTRACT("Sub"), DIVIDE("Div"), MULTIPLY("Mul"), ADD("Add");

        private final String onnx;

        Operation(String onnx) {
            this.onnx = onnx;
        }

        String onnxOperator() {
            return onnx;
        }
    }

    public InputStep {
        if (values.length == 0) {
            throw new IllegalArgumentException("an input step " + operation + " needs 1 value or one per feature, "
                    + "found none");
        }
        values = values.clone();
    }

    /** The same value for every feature. */
    public static InputStep of(Operation operation, float value) {
        return new InputStep(operation, new float[] {value});
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputStep s && s.operation == operation && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * operation.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "InputStep[" + operation + " " + (values.length == 1 ? String.valueOf(values[0])
                : values.length + " values") + "]";
    }
}
