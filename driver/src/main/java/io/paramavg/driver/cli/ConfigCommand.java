package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.ConfigReference;
import io.paramavg.ml.PythonParams;

import java.io.PrintStream;
import java.util.List;

/** {@code paramavg config}: every configuration key with its default, rule and meaning. */
final class ConfigCommand implements Command {
    private final PrintStream out;

    ConfigCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "config";
    }

    @Override
    public String summary() {
        return "every configuration key with its default, allowed values and meaning";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg config [--properties | --markdown | --python]

                Lists every configuration key (for --config files and --set KEY=VALUE) with its default, the
                values it allows and what it means. --properties prints conf/paramavg.properties, --markdown the
                reference page docs/configuration.md, --python the Python package's Params module
                (python/src/paramavg/ml/_settings.py): all are generated from the same declarations as this list.
                """;
    }

    @Override
    public List<Option> options() {
        return List.of(Option.flag("--properties", "Print a properties file with every key at its default."),
                Option.flag("--markdown", "Print the reference page (docs/configuration.md) in Markdown."),
                Option.flag("--python", "Print the PySpark estimator's Params module."),
                SharedOptions.HELP);
    }

    @Override
    public ExitCode run(ParsedArguments arguments) {
        if ((arguments.has("--properties") ? 1 : 0) + (arguments.has("--markdown") ? 1 : 0)
                + (arguments.has("--python") ? 1 : 0) > 1) {
            throw UsageException.of("--properties, --markdown and --python print different formats: choose one");
        }
        if (arguments.has("--properties")) {
            out.print(ConfigReference.properties());
        } else if (arguments.has("--markdown")) {
            out.print(ConfigReference.markdownPage());
        } else if (arguments.has("--python")) {
            out.print(PythonParams.module());
        } else {
            for (ConfigKey key : ConfigKey.values()) {
                out.println(key.key() + " = " + key.defaultValue());
                out.println(Option.wrap(key.description(), "    ", 100));
            }
        }
        return ExitCode.OK;
    }
}
