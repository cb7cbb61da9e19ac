package io.paramavg.worker.link;

import java.io.IOException;

/**
 * A connection's other end did not prove it knows the run's secret (or did not finish proving it in
 * time). {@link #retryable()} tells a client whether dialling again may succeed: a connection that was
 * closed or timed out mid-handshake may have been evicted from a listener full of strangers' connections,
 * while a proof that does not match, or a peer that speaks another protocol, will not change.
 */
public final class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /** A definitive refusal: the other end is not who it should be. */
    public HandshakeException(String message) {
        super(message);
        this.retryable = false;
    }

    /** A handshake cut short by {@code cause} (closed, reset, timed out): another try may pass. */
    public HandshakeException(String message, Throwable cause) {
        super(message, cause);
        this.retryable = true;
    }

    /** Whether dialling again may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
