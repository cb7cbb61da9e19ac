package io.paramavg.worker.exchange;

import java.io.IOException;

/** An allreduce or rendezvous could not complete: a peer died, stalled past the deadline, or spoke nonsense. */
public final class ExchangeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ExchangeException(String message) {
        super(message);
    }

    public ExchangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
