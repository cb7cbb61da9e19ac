package io.paramavg.driver;

import java.io.PrintStream;

/**
 * A stream that passes everything on and keeps the first line printed to it: the command line prints exactly one
 * line to stderr when a command fails (its error), and {@link DriverExit} repeats it where YARN reports failures.
 */
final class FirstLine extends PrintStream {
    private String first;

    FirstLine(PrintStream out) {
        super(out, true);
    }

    @Override
    public synchronized void println(String line) {
        if (first == null) {
            first = line;
        }
        super.println(line);
    }

    /** The first line printed with {@code println(String)}, or null if none was. */
    synchronized String first() {
        return first;
    }
}
