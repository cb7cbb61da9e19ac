package io.paramavg.driver;

import io.paramavg.driver.cli.Commands;
import io.paramavg.worker.link.CipherWarmup;
import io.paramavg.worker.nd4j.NativeSetup;

/** The application's entry point, for {@code java -cp} and {@code spark-submit --class}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Before anything loads ND4J: in local mode this JVM is also the executor.
        NativeSetup.beforeNd4j();
        // In local mode this JVM's tasks exchange too: compile the frame cipher while Spark starts.
        CipherWarmup.startOnce();
        FirstLine err = new FirstLine(System.err);
        int code = Commands.run(args, System.out, err);
        System.out.flush();
        err.flush();
        DriverExit.exit(code, err.first());
    }
}
