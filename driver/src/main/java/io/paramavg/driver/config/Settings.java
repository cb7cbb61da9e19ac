package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;
import io.paramavg.worker.settings.SettingException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Raw configuration values by key, layered: defaults, then a properties file, then
 * {@code --set key=value} and option overrides. Unknown keys are errors that list the valid ones,
 * because a misspelt key silently ignored is a run trained with the wrong settings.
 */
public final class Settings {
    private final Map<ConfigKey, String> values;

    private Settings(Map<ConfigKey, String> values) {
        this.values = values;
    }

    /** Every key at its default. */
    public static Settings defaults() {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
        return new Settings(values);
    }

    /**
     * A copy with {@code name} set to {@code value}, checked against the key's rule at once;
     * {@code source} (a file, {@code --set}, an option) says where it came from, for errors.
     */
    public Settings with(String name, String value, String source) {
        ConfigKey key = ConfigKey.named(name).orElseThrow(() -> new ConfigException(
                "unknown configuration key '" + name.trim() + "' in " + source + "; valid keys: "
                        + ConfigKey.allNames()));
        try {
            key.setting().parse(value);
        } catch (SettingException e) {
            throw new SettingException(e.getMessage() + " (from " + source + ")");
        }
        Map<ConfigKey, String> copy = new EnumMap<>(values);
        copy.put(key, value.trim());
        return new Settings(copy);
    }

    public Settings with(ConfigKey key, String value) {
        return with(key.key(), value, "the command line");
    }

    /** A copy with every entry of the properties file at {@code file} applied. */
    public Settings withFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config: expected a readable properties file, found no file at " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config " + file + ": expected a Java properties file, could not read it: "
                    + e.getMessage(), e);
        }
        Settings result = this;
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            result = result.with(name, properties.getProperty(name), file.toString());
        }
        return result;
    }

    /** A copy with a {@code key=value} assignment applied (the {@code --set} option). */
    public Settings withAssignment(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new ConfigException("--set: expected key=value, found '" + assignment + "'");
        }
        return with(assignment.substring(0, equals), assignment.substring(equals + 1), "--set");
    }

    /**
     * A copy without {@code keys}: what a run continued from a checkpoint that predates them records
     * (in its manifest and its own checkpoints), so that a later resume recognises it as such again.
     * Its records are built by hand then: {@link RunConfig#from} needs every key.
     */
    public Settings without(java.util.Collection<ConfigKey> keys) {
        Map<ConfigKey, String> copy = new EnumMap<>(values);
        copy.keySet().removeAll(keys);
        return new Settings(copy);
    }

    public String get(ConfigKey key) {
        return values.get(key);
    }

    /** The value of {@code setting}, parsed (it was checked when it was set). */
    public <T> T value(Setting<T> setting) {
        return setting.parse(get(ConfigKey.of(setting)));
    }

    /** Every key and its value, in declaration order: what the manifest records. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        values.forEach((key, value) -> map.put(key.key(), value));
        return Collections.unmodifiableMap(map);
    }
}
