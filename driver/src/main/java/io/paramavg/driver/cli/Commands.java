package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.data.HadoopConf;
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
                  retrain   the scheduled job: train a new version into a registry, promote it only if better
                  evaluate  a saved model's metrics on an MNIST-format test set, on Spark
                  predict   class probabilities for every image of an IDX file, as CSV
                  inspect   what an IDX file, a data folder or a model holds

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
            if (rest.length > 0 && Arrays.asList(rest).contains("--help")) {
                String help = switch (args[0]) {
                    case "train" -> TrainCommand.help();
                    case "evaluate" -> EvaluateCommand.help();
                    case "predict" -> PredictCommand.help();
                    case "inspect" -> InspectCommand.help();
                    case "retrain" -> RetrainCommand.help();
                    default -> null;
                };
                if (help != null) {
                    out.print(help);
                    return ExitCode.OK.code();
                }
            }
            if (!verbose) {
                QuietLogs.apply();
            }
            HadoopConf conf = new HadoopConf(TrainCommand.hadoopConfiguration());
            return switch (args[0]) {
                case "train" -> new TrainCommand(out, err).run(TrainCommand.parse(rest)).code();
                case "evaluate" -> new EvaluateCommand(out, conf).run(rest).code();
                case "predict" -> new PredictCommand(out, conf).run(rest).code();
                case "inspect" -> new InspectCommand(out, conf).run(rest).code();
                case "retrain" -> new RetrainCommand(out, err, conf).run(rest).code();
                default -> throw new ConfigException("unknown command '" + args[0] + "'; commands: train, retrain, "
                        + "evaluate, predict, inspect (see --help)");
            };
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
