package io.paramavg.driver.cli;

import java.io.IOException;
import java.util.List;

/** One subcommand: what it is called, what {@code --help} says of it, its options, and how it runs. */
interface Command {
    String name();

    /** One line for the command list of {@code paramavg --help}. */
    String summary();

    /** The usage line and what the command does, for its {@code --help}. */
    String description();

    List<Option> options();

    /** The label of the positional arguments it takes ({@code PATH}), or null for none. */
    default String positionalLabel() {
        return null;
    }

    /** Runs with parsed arguments; failures are exceptions that {@link Commands} maps to exit codes. */
    ExitCode run(ParsedArguments arguments) throws IOException;
}
