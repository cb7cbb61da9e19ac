package io.paramavg.driver.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments matched against a command's option table: values in the order given (repeatable
 * options such as {@code --set} keep every value), flags, and positional arguments.
 */
final class ParsedArguments {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    static ParsedArguments parse(String[] args, List<Option> options) {
        ParsedArguments parsed = new ParsedArguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            Option option = find(options, name);
            String value;
            if (option.takesArgument()) {
                if (inlineValue != null) {
                    value = inlineValue;
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw UsageException.of(name + " needs a value: " + name + " " + option.argument());
                }
            } else {
                if (inlineValue != null) {
                    throw UsageException.of(name + " takes no value, found '" + inlineValue + "'");
                }
                value = "true";
            }
            parsed.values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    private static Option find(List<Option> options, String name) {
        for (Option option : options) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Option option : options) {
            known.append(known.length() == 0 ? "" : ", ").append(option.name());
        }
        throw UsageException.of("unknown option " + name + "; options: " + known);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The last value given for {@code name}, or {@code fallback}. */
    String last(String name, String fallback) {
        List<String> given = values.get(name);
        return given == null ? fallback : given.get(given.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    Map<String, List<String>> values() {
        return values;
    }

    List<String> positional() {
        return positional;
    }
}
