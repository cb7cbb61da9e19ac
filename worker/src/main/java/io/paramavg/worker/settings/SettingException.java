package io.paramavg.worker.settings;

/**
 * A setting's value breaks its rule: the message names the key, what is allowed and what was found.
 * The command line reports it as a configuration error (exit code 2), before any work starts.
 */
public final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SettingException(String message) {
        super(message);
    }
}
