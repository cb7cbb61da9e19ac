package io.paramavg.driver.config;

/** Bad configuration or command line: reported as one line, exit code 2, before Spark starts. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
