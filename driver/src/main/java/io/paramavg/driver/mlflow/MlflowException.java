package io.paramavg.driver.mlflow;

import java.io.IOException;

/** An MLflow call failed: the message names the server, the endpoint and what came back (or why nothing did). */
public final class MlflowException extends IOException {
    private static final long serialVersionUID = 1L;

    public MlflowException(String message) {
        super(message);
    }

    public MlflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
