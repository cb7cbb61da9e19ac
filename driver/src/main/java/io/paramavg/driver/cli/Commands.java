package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.engine.DivergenceException;
import io.paramavg.driver.spark.QuietLogs;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.onnx.ExportRefusedException;
import io.paramavg.worker.settings.SettingException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: picocli parses (subcommands, {@code --name=value}, generated help) against
 * option tables whose keyed options take their text from the configuration registry; every
 * failure becomes one line on stderr and a documented exit code. Never exits the JVM itself, so
 * tests run the real command line in-process.
 */
public final class Commands {
    private static final int HELP_WIDTH = 100;

    private Commands() {
    }

    /** Every subcommand, in the order {@code --help} lists them. */
    static Map<String, Command> all(PrintStream out, PrintStream err, HadoopConf conf) {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command command : List.of(new TrainCommand(out, conf), new RetrainCommand(out, conf),
                new EvaluateCommand(out, conf), new PredictCommand(out, conf), new InspectCommand(out, conf),
                new ExportCommand(out, conf),
                new TuneCommand(out, conf), new ConfigCommand(out))) {
            commands.put(command.name(), command);
        }
        return commands;
    }

    /** The parser: a root command with one subcommand per command, each with its options. */
    static CommandLine parser(Map<String, Command> commands) {
        CommandSpec root = CommandSpec.create().name("paramavg");
        root.usageMessage().description("Trains MLPs with parameter averaging on Apache Spark.")
                .footer("", "Run 'paramavg <command> --help' for a command's options.", "", ExitCode.table())
                .width(HELP_WIDTH);
        root.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).description("Show this help.").build());
        CommandLine line = new CommandLine(root);
        for (Command command : commands.values()) {
            CommandSpec spec = CommandSpec.create().name(command.name());
            // The header is the command's line in 'paramavg --help'; its own help starts with the usage.
            spec.usageMessage().header(command.summary()).synopsisHeading("").customSynopsis(command.description())
                    .optionListHeading("Options:%n").sortOptions(false).footer("", ExitCode.table())
                    .width(HELP_WIDTH);
            command.options().forEach(option -> spec.addOption(option.spec()));
            if (command.positionalLabel() != null) {
                spec.addPositional(PositionalParamSpec.builder().paramLabel(command.positionalLabel()).arity("0..*")
                        .type(String[].class).build());
            }
            CommandLine sub = new CommandLine(spec);
            sub.setHelpSectionKeys(sub.getHelpSectionKeys().stream()
                    .filter(section -> !section.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER))
                    .toList());
            line.addSubcommand(command.name(), sub);
        }
        // Paths may start with '@'; a repeated option keeps its last value, as most tools do.
        return line.setExpandAtFiles(false).setOverwrittenOptionsAllowed(true);
    }

    /** Runs {@code args} ({@code command options...}) and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        try {
            Map<String, Command> commands = all(out, err, new HadoopConf(HadoopConf.fromSpark()));
            CommandLine parser = parser(commands);
            if (args.length == 0) {
                out.print(parser.getUsageMessage());
                return ExitCode.USAGE.code();
            }
            ParseResult parsed = parse(parser, args);
            if (parsed.isUsageHelpRequested() || !parsed.hasSubcommand()) {
                out.print(parser.getUsageMessage());
                return ExitCode.OK.code();
            }
            ParseResult sub = parsed.subcommand();
            if (sub.hasMatchedOption("--help")) {
                out.print(sub.commandSpec().commandLine().getUsageMessage());
                return ExitCode.OK.code();
            }
            if (!verbose) {
                QuietLogs.apply();
            }
            return commands.get(sub.commandSpec().name()).run(new ParsedArguments(sub)).code();
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

    /** Parses, turning picocli's complaints into one-line usage errors that say where help is. */
    private static ParseResult parse(CommandLine parser, String[] args) {
        try {
            return parser.parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            String command = e.getCommandLine().getCommandName();
            String unmatched = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            String help = command.equals("paramavg") ? "paramavg --help" : "paramavg " + command + " --help";
            String what = command.equals("paramavg") ? "unknown command '" + unmatched + "'"
                    : unmatched.startsWith("-") ? "unknown option " + unmatched
                    : "unexpected argument '" + unmatched + "'";
            List<String> suggestions = e.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?";
            throw new ConfigException(what + hint + " (" + help + " lists them all)");
        } catch (ParameterException e) {
            String command = e.getCommandLine().getCommandName();
            throw new ConfigException(e.getMessage() + " (see paramavg " + command + " --help)");
        }
    }

    /** Maps a failure to its exit code, looking through Spark's wrapping of task exceptions. */
    static ExitCode classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException || t instanceof SettingException || t instanceof ExportRefusedException) {
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
            if ((code == ExitCode.USAGE && (t instanceof ConfigException || t instanceof SettingException
                    || t instanceof ExportRefusedException))
                    || (code == ExitCode.BAD_DATA && t instanceof DataFormatException)
                    || (code == ExitCode.DIVERGED && t instanceof DivergenceException)) {
                return t;
            }
        }
        return e;
    }
}
