package io.paramavg.driver;

import io.paramavg.driver.cli.Commands;

/** The application's entry point, for {@code java -cp} and {@code spark-submit --class}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = Commands.run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
