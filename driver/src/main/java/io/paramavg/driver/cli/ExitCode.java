package io.paramavg.driver.cli;

/** Process exit codes, documented in {@code --help} and {@code docs/command-line.md}. */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "any other failure (Spark, I/O, a bug)"),
    USAGE(2, "bad command line or configuration (nothing was started)"),
    BAD_DATA(3, "bad input data: a missing, truncated or malformed file (nothing was written)"),
    DIVERGED(4, "training diverged: a NaN or infinite loss or parameter (no model was written)"),
    NOT_PROMOTED(10, "retrain only: a new version was trained but is not better, so the current one stays");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The table printed at the end of {@code --help}. */
    public static String table() {
        StringBuilder text = new StringBuilder("Exit codes:\n");
        for (ExitCode exit : values()) {
            text.append(String.format("  %-3d %s%n", exit.code, exit.meaning));
        }
        return text.toString();
    }
}
