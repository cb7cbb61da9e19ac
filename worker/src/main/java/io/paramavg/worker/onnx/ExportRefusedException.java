package io.paramavg.worker.onnx;

/**
 * A model holds something the ONNX export does not translate (a layer type, an activation or its
 * option, a preprocessing step); the message names it, where it is, and what is exported. Nothing
 * is written. The command line reports it as a usage error (exit code 2): the request cannot be met
 * for this model.
 */
public final class ExportRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExportRefusedException(String message) {
        super("cannot export to ONNX: " + message);
    }
}
