package io.paramavg.worker.settings;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key: its name, default, rule and meaning, declared together. {@link #parse}
 * turns text (a properties file, {@code --set}, a command-line option) into a checked value;
 * {@link #check} applies the same rule to a value built in code, so a record validated in its
 * constructor and a value read from a file fail with the same message.
 *
 * @param <T> the value's type
 */
public final class Setting<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Text to value; throws {@link IllegalArgumentException} (or a subclass) on malformed text. */
    @FunctionalInterface
    public interface Parser<T> extends Function<String, T>, Serializable {
    }

    /** The rule a parsed value must satisfy. */
    @FunctionalInterface
    public interface Rule<T> extends Predicate<T>, Serializable {
    }

    private final String key;
    private final String defaultText;
    private final String doc;
    private final String allowed;
    private final Parser<T> parser;
    private final Rule<T> rule;

    private Setting(String key, String defaultText, String doc, String allowed, Parser<T> parser, Rule<T> rule) {
        this.key = key;
        this.defaultText = defaultText;
        this.doc = doc;
        this.allowed = allowed;
        this.parser = parser;
        this.rule = rule;
        // A default that breaks its own rule is a programming error: fail when the class loads.
        parse(defaultText);
    }

    /** An integer {@code >= min}. */
    public static Setting<Integer> integer(String key, int defaultValue, int min, String doc) {
        return new Setting<>(key, String.valueOf(defaultValue), doc, "an integer >= " + min, Integer::parseInt,
                value -> value >= min);
    }

    /** A 64-bit integer (any value). */
    public static Setting<Long> longInteger(String key, long defaultValue, String doc) {
        return new Setting<>(key, String.valueOf(defaultValue), doc, "an integer", Long::parseLong, value -> true);
    }

    /**
     * A finite number in a range written as {@code allowed} ("a number > 0", "a number in [0, 1)"),
     * which {@code rule} checks.
     */
    public static Setting<Double> number(String key, double defaultValue, String allowed, Rule<Double> rule,
                                         String doc) {
        return new Setting<>(key, String.valueOf(defaultValue), doc, allowed, Setting::parseFiniteDouble,
                value -> Double.isFinite(value) && rule.test(value));
    }

    /**
     * As {@link #number}, or {@code auto}: the value is then derived when the run's shape is known
     * (from the shard count, say), and reads as {@link Double#NaN}. NaN rather than an optional type
     * keeps the value a plain double for Spark ML's {@code DoubleParam}, whose text form of NaN
     * ({@code NaN}) this parser also reads as {@code auto}.
     */
    public static Setting<Double> numberOrAuto(String key, String allowed, Rule<Double> rule, String doc) {
        return new Setting<>(key, AUTO, doc, AUTO + " or " + allowed, Setting::parseNumberOrAuto,
                value -> Double.isNaN(value) || Double.isFinite(value) && rule.test(value));
    }

    /** The text of a {@link #numberOrAuto} value that is derived. */
    public static final String AUTO = "auto";

    /** One of an enum's constants, written in lower case with '-' for '_'. */
    public static <E extends Enum<E>> Setting<E> choice(String key, E defaultValue, Class<E> type, String doc) {
        return new Setting<>(key, nameOf(defaultValue), doc, "one of " + names(type.getEnumConstants()),
                text -> parseEnum(text, type), value -> value != null);
    }

    /** A comma-separated list of positive integers. */
    public static Setting<int[]> positiveIntegers(String key, String defaultValue, String doc) {
        return new Setting<>(key, defaultValue, doc, "comma-separated positive integers", Setting::parseInts,
                values -> values.length > 0 && Arrays.stream(values).allMatch(v -> v > 0));
    }

    /** Free text (a path, a name); {@code allowEmpty} says whether the empty string is allowed. */
    public static Setting<String> text(String key, String defaultValue, boolean allowEmpty, String doc) {
        return new Setting<>(key, defaultValue, doc, allowEmpty ? "any text" : "a non-empty value", text -> text,
                value -> allowEmpty || !value.isBlank());
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> bool(String key, boolean defaultValue, String doc) {
        return new Setting<>(key, String.valueOf(defaultValue), doc, "true or false", Setting::parseBoolean,
                value -> true);
    }

    /** Parses and checks {@code text}; the message names the key, the rule and the text found. */
    public T parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        T value;
        try {
            value = parser.apply(trimmed);
        } catch (IllegalArgumentException e) {
            throw failure("'" + trimmed + "'");
        }
        if (!rule.test(value)) {
            throw failure("'" + trimmed + "'");
        }
        return value;
    }

    /** Checks a value built in code against the same rule; returns it. */
    public T check(T value) {
        if (value == null || !rule.test(value)) {
            throw failure(value instanceof int[] ints ? Arrays.toString(ints) : String.valueOf(value));
        }
        return value;
    }

    /** The default, parsed. */
    public T defaultValue() {
        return parse(defaultText);
    }

    public String key() {
        return key;
    }

    /** The default as it is written in configuration. */
    public String defaultText() {
        return defaultText;
    }

    /** What the key means, followed by what values are allowed. */
    public String description() {
        return doc + " Allowed: " + allowed + ".";
    }

    /** What values are allowed, as the error message says it: "an integer >= 1". */
    public String allowed() {
        return allowed;
    }

    private SettingException failure(String found) {
        return new SettingException(key + " must be " + allowed + ", found " + found);
    }

    private static double parseFiniteDouble(String text) {
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not finite");
        }
        return value;
    }

    private static double parseNumberOrAuto(String text) {
        if (text.equalsIgnoreCase(AUTO) || text.equals("NaN")) {
            return Double.NaN;
        }
        return parseFiniteDouble(text);
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static int[] parseInts(String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            values.add(Integer.parseInt(part.trim()));
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static <E extends Enum<E>> E parseEnum(String text, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (nameOf(constant).equals(text.toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        throw new IllegalArgumentException("no such constant");
    }

    /** An enum constant as configuration writes it: lower case, '-' for '_'. */
    public static String nameOf(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every constant's configuration name, comma-separated. */
    public static String names(Enum<?>[] constants) {
        List<String> names = new ArrayList<>();
        for (Enum<?> constant : constants) {
            names.add(nameOf(constant));
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return key;
    }
}
