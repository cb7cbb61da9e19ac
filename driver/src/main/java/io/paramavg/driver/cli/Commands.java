package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.engine.DivergenceException;
import io.paramavg.driver.spark.QuietLogs;
import io.paramavg.worker.data.DataFormatException;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Dispatches to a command and turns every failure into one line on stderr and a documented exit
 * code. Never exits the JVM itself, so tests run the real command line in-process.
 */
public final class Commands {
    private Commands() {
    }

    static String help() {
        return """
                Usage: paramavg <command> [options]

                Commands:
                  train     train an MLP with parameter averaging on Spark, evaluate it on held-out data

                Run 'paramavg <command> --help' for a command's options.

                """ + ExitCode.table();
    }

    /** Runs {@code args} ({@code command options...}) and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(help());
            return args.length == 0 ? ExitCode.USAGE.code() : ExitCode.OK.code();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean verbose = Arrays.asList(rest).contains("--verbose");
        try {
            switch (args[0]) {
                case "train" -> {
                    if (Arrays.asList(rest).contains("--help")) {
                        out.print(TrainCommand.help());
                        return ExitCode.OK.code();
                    }
                    TrainCommand.Request request = TrainCommand.parse(rest);
                    if (!verbose) {
                        QuietLogs.apply();
                    }
                    return new TrainCommand(out, err).run(request).code();
                }
                default -> throw new ConfigException("unknown command '" + args[0] + "'; commands: train "
                        + "(see --help)");
            }
        } catch (Exception | Error e) {
            ExitCode code = classify(e);
            Throwable shown = cause(e, code);
            err.println("paramavg: " + (code == ExitCode.FAILURE ? shown.toString() : shown.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            } else if (code == ExitCode.FAILURE) {
                err.println("paramavg: run with --verbose for the full stack trace");
            }
            return code.code();
        }
    }

    /** Maps a failure to its exit code, looking through Spark's wrapping of task exceptions. */
    static ExitCode classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException) {
                return ExitCode.USAGE;
            }
            if (t instanceof DataFormatException) {
                return ExitCode.BAD_DATA;
            }
            if (t instanceof DivergenceException) {
                return ExitCode.DIVERGED;
            }
        }
        return ExitCode.FAILURE;
    }

    private static Throwable cause(Throwable e, ExitCode code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if ((code == ExitCode.USAGE && t instanceof ConfigException)
                    || (code == ExitCode.BAD_DATA && t instanceof DataFormatException)
                    || (code == ExitCode.DIVERGED && t instanceof DivergenceException)) {
                return t;
            }
        }
        return e;
    }
}
