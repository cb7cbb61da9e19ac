package io.paramavg.driver.engine;

/** Training produced a non-finite loss or parameter; the run stops (exit code 4) and writes no model. */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergenceException(String message) {
        super(message);
    }
}
