package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * One command-line option. Options that set a configuration key take their meaning, rule and
 * default from that key's declaration, so {@code --help} can never disagree with what the code does.
 *
 * @param name       the long name, with its dashes
 * @param argument   the argument's label, or null for a flag
 * @param key        the configuration key it sets, or null
 * @param help       what it does (for options without a key)
 * @param fallback   the default shown in help (for options without a key), or null
 * @param repeatable whether it may be given several times, each value kept ({@code --set})
 */
public record Option(String name, String argument, ConfigKey key, String help, String fallback, boolean repeatable) {

    static Option forKey(String name, String argument, ConfigKey key) {
        return new Option(name, argument, key, null, null, false);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, null, help, null, false);
    }

    static Option valued(String name, String argument, String help, String fallback) {
        return new Option(name, argument, null, help, fallback, false);
    }

    static Option repeated(String name, String argument, String help) {
        return new Option(name, argument, null, help, null, true);
    }

    /** The options of {@code parts}, in order: how a command puts shared lists among its own options. */
    @SafeVarargs
    static List<Option> join(List<Option>... parts) {
        List<Option> options = new ArrayList<>();
        for (List<Option> part : parts) {
            options.addAll(part);
        }
        return List.copyOf(options);
    }

    boolean takesArgument() {
        return argument != null;
    }

    /** What {@code --help} says of it: its meaning, its key and its default. */
    String description() {
        String description = key != null ? key.description() + " [" + key.key() + "]" : help;
        String shownDefault = key != null ? key.defaultValue() : fallback;
        if (shownDefault != null) {
            description += " Default: " + (shownDefault.isEmpty() ? "(none)" : shownDefault) + ".";
        }
        return description;
    }

    /** The option as picocli parses it: values stay text here and are checked against their key's rule. */
    OptionSpec spec() {
        OptionSpec.Builder builder = OptionSpec.builder(name).description(description());
        if (!takesArgument()) {
            return builder.arity("0").type(boolean.class).build();
        }
        return builder.paramLabel(argument).arity("1").type(repeatable ? String[].class : String.class).build();
    }

    /** {@code text} wrapped to {@code width} columns, each line starting with {@code indent}. */
    static String wrap(String text, String indent, int width) {
        StringBuilder out = new StringBuilder(indent);
        int column = indent.length();
        for (String word : text.split(" ")) {
            if (column + word.length() + 1 > width && column > indent.length()) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (column > indent.length()) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }
}
