package io.paramavg.ml;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.worker.settings.Setting;
import org.apache.spark.ml.classification.ProbabilisticClassifierParams;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The estimator's configuration {@code Param}s, one per configuration key that shapes a model or
 * its training, built from the keys' {@link Setting} declarations rather than restated: the name is
 * the key's last part in camel case ({@code model.learning-rate} is {@code learningRate}), the
 * default is the key's, the validator is the key's rule, the documentation its description. Keys
 * that name files (data.dir and friends), retraining and evaluation keys are the command line's; the
 * {@code mlflow.*} keys are Params too, so that a fit is recorded in MLflow as a command-line run is
 * (but for the two that only retrain reads).
 */
final class SettingParams implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The keys an estimator takes. */
    static final List<ConfigKey> KEYS = Arrays.stream(ConfigKey.values())
            .filter(k -> k.key().startsWith("model.") || k.key().startsWith("train.")
                    || k == ConfigKey.DATA_CLASSES || k == ConfigKey.DATA_TEST_FRACTION
                    || k == ConfigKey.DATA_INDEX_LABELS || k == ConfigKey.DATA_NORMALIZE
                    || k == ConfigKey.DATA_FEATURE_COUNT
                    || k.key().startsWith("mlflow.") && k != ConfigKey.MLFLOW_REGISTERED_MODEL
                    && k != ConfigKey.MLFLOW_ALIAS)
            .collect(Collectors.toList());

    /** The Param naming the folder of a fit's run, the one Param of the stages that is no configuration key. */
    static final String OUTPUT_DIR = "outputDir";

    private final Map<ConfigKey, Param<?>> params = new LinkedHashMap<>();

    SettingParams(Params owner) {
        for (ConfigKey key : KEYS) {
            params.put(key, param(owner, key));
        }
    }

    /**
     * Every Param of {@code owner}, an estimator or the model it fits (both have the same, so that
     * {@code copyValues} hands the model how it was trained): the settings, the columns and
     * {@code outputDir}, with their defaults set.
     */
    static <S extends ParamsAccess & ProbabilisticClassifierParams> List<Param<?>> ofStage(S owner) {
        SettingParams settings = new SettingParams(owner);
        List<Param<?>> all = new ArrayList<>(settings.params.values());
        all.addAll(Columns.create(owner));
        Param<String> outputDir = new Param<>(owner, OUTPUT_DIR, "Folder (any Hadoop file system) for the training "
                + "run's model.zip, metrics.json, manifest.json, report.html and checkpoints; empty: a new temporary "
                + "folder per fit, removed when the fit ends");
        all.add(outputDir);
        settings.setDefaults(owner);
        owner.defaultTo(outputDir, "");
        return all;
    }

    /** The Param's name for {@code key}: its last part, camel case. */
    static String nameOf(ConfigKey key) {
        String last = key.key().substring(key.key().indexOf('.') + 1);
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : last.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Param<?> param(Params owner, ConfigKey key) {
        Setting<Object> setting = (Setting<Object>) key.setting();
        String name = nameOf(key);
        boolean auto = AutoSettings.isAuto(key);
        String doc = setting.description() + (auto ? " As a Param, " + AutoSettings.AUTO + " is auto." : "")
                + " [" + key.key() + "]";
        Object value = setting.defaultValue();
        Rule rule = new Rule(setting, value instanceof Enum, auto);
        if (value instanceof Integer) {
            return new IntParam(owner, name, doc, rule);
        }
        if (value instanceof Long) {
            return new LongParam(owner, name, doc, rule);
        }
        if (value instanceof Double) {
            return new DoubleParam(owner, name, doc, rule);
        }
        if (value instanceof Boolean) {
            return new BooleanParam(owner, name, doc);
        }
        if (value instanceof int[]) {
            return new IntArrayParam(owner, name, doc, (scala.Function1) rule);
        }
        return new Param(owner, name, doc, rule);
    }

    /** Sets every default on {@code owner}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void setDefaults(ParamsAccess owner) {
        params.forEach((key, param) -> owner.defaultTo((Param) param, defaultOf(key)));
    }

    /** The Param's default value: the key's default, enums as their configuration text, auto as {@link AutoSettings#AUTO}. */
    static Object defaultOf(ConfigKey key) {
        if (AutoSettings.isAuto(key)) {
            return AutoSettings.AUTO;
        }
        Object value = key.setting().defaultValue();
        return value instanceof Enum<?> e ? Setting.nameOf(e) : value;
    }

    /** {@code key}'s Param value as configuration text: {@link AutoSettings#AUTO} (or NaN, saved before) is {@code auto}. */
    static String text(ConfigKey key, Object value) {
        if (value instanceof int[] ints) {
            return Arrays.stream(ints).mapToObj(String::valueOf).collect(Collectors.joining(","));
        }
        if (AutoSettings.isAuto(key) && AutoSettings.meansAuto(value)) {
            return Setting.AUTO;
        }
        return String.valueOf(value);
    }

    /** What lets this helper call the protected {@code setDefault} and {@code set} of the Params it serves. */
    interface ParamsAccess extends Params {
        <T> void defaultTo(Param<T> param, T value);

        <T> void setTo(Param<T> param, T value);
    }

    /** A key's rule as a Param validator (a Scala function). */
    static final class Rule extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Setting<Object> setting;
        private final boolean text;
        private final boolean auto;

        Rule(Setting<Object> setting, boolean text, boolean auto) {
            this.setting = setting;
            this.text = text;
            this.auto = auto;
        }

        @Override
        public Object apply(Object value) {
            try {
                if (auto && AutoSettings.meansAuto(value)) {
                    return Boolean.TRUE;
                }
                if (text) {
                    setting.parse(String.valueOf(value));
                } else {
                    setting.check(value);
                }
                return Boolean.TRUE;
            } catch (ClassCastException e) {
                return Boolean.FALSE;
            }
            // A SettingException goes on: its message names the key, the rule and the value, which
            // says more than Spark's "given invalid value".
        }
    }
}
