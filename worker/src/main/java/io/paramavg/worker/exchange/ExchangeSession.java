package io.paramavg.worker.exchange;

import io.paramavg.worker.link.Security;

import java.io.Serializable;

/**
 * What every rank of one stage attempt's exchange agrees on before it connects.
 *
 * @param id            names the stage attempt; part of every handshake between its ranks, so a rank of
 *                      another stage or attempt (or of another run) cannot join
 * @param security      the run's secret and whether frames are encrypted
 * @param timeoutMillis the longest a peer may stay silent, and the longest one round, one connection or
 *                      one handshake may take
 */
public record ExchangeSession(long id, Security security, long timeoutMillis) implements Serializable {
    public ExchangeSession {
        if (security == null) {
            throw new IllegalArgumentException("an exchange needs the run's security");
        }
        if (timeoutMillis < 1 || timeoutMillis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("exchange timeout: expected 1 to " + Integer.MAX_VALUE + " ms, found "
                    + timeoutMillis);
        }
    }

    /** The handshake context of this attempt's connections. */
    String context() {
        return "paramavg exchange " + Long.toUnsignedString(id, 16);
    }
}
