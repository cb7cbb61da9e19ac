package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;

import java.util.List;

/**
 * One command-line option. Options that set a configuration key take their default and meaning
 * from that key, so {@code --help} can never disagree with what the code does.
 *
 * @param name     the long name, with its dashes
 * @param argument the argument's label, or null for a flag
 * @param key      the configuration key it sets, or null
 * @param help     what it does (for options without a key)
 * @param fallback the default shown in help (for options without a key), or null
 */
public record Option(String name, String argument, ConfigKey key, String help, String fallback) {

    static Option forKey(String name, String argument, ConfigKey key) {
        return new Option(name, argument, key, null, null);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, null, help, null);
    }

    static Option valued(String name, String argument, String help, String fallback) {
        return new Option(name, argument, null, help, fallback);
    }

    boolean takesArgument() {
        return argument != null;
    }

    /** The option's lines in {@code --help}. */
    String helpText() {
        String head = "  " + name + (argument == null ? "" : " " + argument);
        String description = key != null ? key.description() + " [" + key.key() + "]" : help;
        String shownDefault = key != null ? key.defaultValue() : fallback;
        if (shownDefault != null) {
            description += " Default: " + (shownDefault.isEmpty() ? "(none)" : shownDefault) + ".";
        }
        return head + "\n" + wrap(description, "      ", 96) + "\n";
    }

    /** A command's --help: {@code intro} (usage and description), every option with its default, the exit codes. */
    static String helpPage(String intro, List<Option> options) {
        StringBuilder text = new StringBuilder(intro.stripTrailing()).append("\n\nOptions:\n");
        options.forEach(option -> text.append(option.helpText()));
        return text.append('\n').append(ExitCode.table()).toString();
    }

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
