package io.paramavg.driver;

import io.paramavg.driver.cli.ExitCode;
import io.paramavg.driver.spark.SparkContexts;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

import java.util.Arrays;
import java.util.Properties;

/**
 * How the command's exit code leaves the driver. Everywhere but one place that is {@code System.exit(code)}.
 * The exception is a driver in YARN's cluster deploy mode: there Spark's ApplicationMaster calls {@code main} on a
 * thread of its own and reports the application's final status to the ResourceManager when {@code main} returns
 * (SUCCEEDED) or throws (FAILED, with the exception as the diagnostics). {@code System.exit} skips that report, and
 * the ApplicationMaster's shutdown hook then marks the application FAILED ("Shutdown hook called before final status
 * was reported"), a successful run included, so spark-submit and any scheduler reading the final status would see
 * every run fail. There {@code main} returns on success and otherwise throws {@link ApplicationFailedException},
 * whose message is the error line the command printed and its exit code.
 */
final class DriverExit {
    private DriverExit() {
    }

    /**
     * True in the driver of a YARN cluster-mode application: the ApplicationMaster sets both properties before it
     * calls {@code main} (the second is also what SparkContext checks to tell a real cluster-mode driver).
     */
    static boolean inYarnClusterMode(Properties system) {
        return "cluster".equals(system.getProperty("spark.submit.deployMode"))
                && system.getProperty("spark.yarn.app.id") != null;
    }

    /**
     * Ends {@code main} with {@code code}; {@code errorLine} is the one line the command printed on failure, or
     * null when it printed none (retrain's "not promoted" is a decision, not an error).
     */
    static void exit(int code, String errorLine) {
        if (!inYarnClusterMode(System.getProperties())) {
            System.exit(code);
        }
        if (code != ExitCode.OK.code()) {
            throw new ApplicationFailedException(message(code, errorLine));
        }
        if (!SparkContexts.anyStarted()) {
            showTheApplicationMasterAContext();
        }
    }

    /**
     * The ApplicationMaster waits for the driver's SparkContext and fails the application ("User did not initialize
     * spark context!") when {@code main} returns without having started one, as a command does that had nothing
     * for Spark to do (retrain's "nothing to do", {@code config}). Such a command starts and stops an empty one,
     * asking YARN for no executors. Only then: a second context in one cluster-mode driver fails the application.
     */
    private static void showTheApplicationMasterAContext() {
        SparkContext.getOrCreate(new SparkConf().set("spark.executor.instances", "0")).stop();
    }

    /** The failure as YARN's diagnostics show it: the command's own line, or what its exit code means. */
    static String message(int code, String errorLine) {
        if (errorLine != null) {
            return errorLine + " (exit code " + code + ")";
        }
        String meaning = Arrays.stream(ExitCode.values()).filter(exit -> exit.code() == code).findFirst()
                .map(ExitCode::meaning).orElse("unknown");
        return "paramavg exited with code " + code + ": " + meaning;
    }

    /** A cluster-mode driver's failure, for the ApplicationMaster to report as the application's diagnostics. */
    static final class ApplicationFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ApplicationFailedException(String message) {
            super(message);
        }

        /** The message is the whole report: a stack trace through main adds nothing to it. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
