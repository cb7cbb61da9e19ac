package io.paramavg.driver.tune;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.worker.settings.SettingException;
import io.paramavg.worker.train.Seeds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The combinations a search tries: {@code --grid KEY=V1,V2,...} axes, their cartesian product in
 * order, or a seeded random sample of it. Every value is checked against its key's rule, and every
 * combination against the whole configuration, before any trial runs: a typo in the last value of
 * a grid must not surface hours into a search.
 */
public final class Grid {
    private final Map<ConfigKey, List<String>> axes;

    private Grid(Map<ConfigKey, List<String>> axes) {
        this.axes = axes;
    }

    /** Parses {@code --grid} arguments ({@code key=v1,v2}); each key at most once. */
    public static Grid parse(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new ConfigException("tune needs at least one --grid KEY=V1,V2,... (see paramavg tune --help)");
        }
        Map<ConfigKey, List<String>> axes = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals <= 0 || equals == argument.length() - 1) {
                throw new ConfigException("--grid: expected KEY=V1,V2,..., found '" + argument + "'");
            }
            String name = argument.substring(0, equals).trim();
            ConfigKey key = ConfigKey.named(name).orElseThrow(() -> new ConfigException("--grid: unknown configuration "
                    + "key '" + name + "'; valid keys: " + ConfigKey.allNames()));
            if (axes.containsKey(key)) {
                throw new ConfigException("--grid: " + key.key() + " is given twice; list all its values in one --grid");
            }
            List<String> values = new ArrayList<>();
            for (String value : splitValues(key, argument.substring(equals + 1))) {
                try {
                    key.setting().parse(value);
                } catch (SettingException e) {
                    throw new SettingException(e.getMessage() + " (from --grid " + argument + ")");
                }
                if (values.contains(value)) {
                    throw new ConfigException("--grid: " + key.key() + " lists '" + value + "' twice");
                }
                values.add(value);
            }
            axes.put(key, values);
        }
        return new Grid(axes);
    }

    /** Values are comma-separated, except for the one key whose values are themselves lists. */
    private static List<String> splitValues(ConfigKey key, String text) {
        String separator = key == ConfigKey.MODEL_HIDDEN_LAYERS ? ";" : ",";
        List<String> values = new ArrayList<>();
        for (String value : text.split(separator, -1)) {
            if (value.isBlank()) {
                throw new ConfigException("--grid: " + key.key() + " has an empty value in '" + text + "' (values are "
                        + "separated by '" + separator + "')");
            }
            values.add(value.trim());
        }
        return values;
    }

    /** Every combination, in order: the last axis varies fastest. */
    public List<Map<ConfigKey, String>> combinations() {
        List<Map<ConfigKey, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Map.Entry<ConfigKey, List<String>> axis : axes.entrySet()) {
            List<Map<ConfigKey, String>> next = new ArrayList<>();
            for (Map<ConfigKey, String> partial : result) {
                for (String value : axis.getValue()) {
                    Map<ConfigKey, String> extended = new LinkedHashMap<>(partial);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            result = next;
        }
        return result;
    }

    /** {@code trials} distinct combinations drawn with {@code seed}, in the grid's order; all if fewer. */
    public List<Map<ConfigKey, String>> sample(int trials, long seed) {
        List<Map<ConfigKey, String>> all = combinations();
        if (trials >= all.size()) {
            return all;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, Seeds.TUNE));
        boolean[] chosen = new boolean[all.size()];
        for (int picked = 0; picked < trials; ) {
            int index = random.nextInt(all.size());
            if (!chosen[index]) {
                chosen[index] = true;
                picked++;
            }
        }
        List<Map<ConfigKey, String>> result = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (chosen[i]) {
                result.add(all.get(i));
            }
        }
        return result;
    }

    /**
     * The configuration of each of {@code trials} on top of {@code base}, all built (and so all
     * validated together) before the first trial.
     */
    public static List<RunConfig> configurations(Settings base, List<Map<ConfigKey, String>> trials) {
        List<RunConfig> configs = new ArrayList<>();
        for (Map<ConfigKey, String> trial : trials) {
            Settings settings = base;
            for (Map.Entry<ConfigKey, String> entry : trial.entrySet()) {
                settings = settings.with(entry.getKey().key(), entry.getValue(), "--grid");
            }
            configs.add(RunConfig.from(settings));
        }
        return configs;
    }

    /** The trial's name, for its folder and the comparison table: {@code model.learning-rate=0.001,...}. */
    public static String name(Map<ConfigKey, String> trial) {
        List<String> parts = new ArrayList<>();
        trial.forEach((key, value) -> parts.add(key.key() + "=" + value));
        return String.join(" ", parts);
    }
}
