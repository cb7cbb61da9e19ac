package io.paramavg.worker.link;

import java.io.IOException;

/** A connection's other end did not prove it knows the run's secret (or did not finish proving it in time). */
public final class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    public HandshakeException(String message) {
        super(message);
    }

    public HandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
