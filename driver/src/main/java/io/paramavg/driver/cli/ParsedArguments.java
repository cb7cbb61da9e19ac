package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigException;
import picocli.CommandLine.ParseResult;

import java.util.Arrays;
import java.util.List;

/** A command's arguments as picocli matched them against its options. */
final class ParsedArguments {
    private final ParseResult result;

    ParsedArguments(ParseResult result) {
        this.result = result;
    }

    boolean has(String name) {
        return result.hasMatchedOption(name);
    }

    /** The value given for {@code name} (the last, if given twice), or {@code fallback}. */
    String last(String name, String fallback) {
        return has(name) ? result.matchedOption(name).getValue() : fallback;
    }

    /** Every value of a repeatable option, in the order given. */
    List<String> all(String name) {
        return has(name) ? Arrays.asList(result.matchedOption(name).<String[]>getValue()) : List.of();
    }

    /** The positional arguments, in order. */
    List<String> positional() {
        return result.matchedPositionals().isEmpty() ? List.of()
                : Arrays.asList(result.matchedPositionals().get(0).<String[]>getValue());
    }

    /** The value of an option the command cannot run without. */
    String required(String name, String command) {
        String value = last(name, null);
        if (value == null) {
            throw new ConfigException(command + " needs " + name + " (see paramavg " + command + " --help)");
        }
        return value;
    }
}
