package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigException;

/** A command line that cannot be understood; exit code 2. */
final class UsageException {
    private UsageException() {
    }

    static ConfigException of(String message) {
        return new ConfigException(message + " (see --help)");
    }
}
