package io.paramavg.driver;

import io.paramavg.driver.cli.Commands;
import io.paramavg.worker.nd4j.NativeSetup;

/** The application's entry point, for {@code java -cp} and {@code spark-submit --class}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Before anything loads ND4J: in local mode this JVM is also the executor.
        NativeSetup.beforeNd4j();
        FirstLine err = new FirstLine(System.err);
        int code = Commands.run(args, System.out, err);
        System.out.flush();
        err.flush();
        DriverExit.exit(code, err.first());
    }
}
