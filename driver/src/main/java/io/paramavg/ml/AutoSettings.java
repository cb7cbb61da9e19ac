package io.paramavg.ml;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.worker.settings.Setting;
import org.apache.spark.ml.param.Param;

/**
 * How a Param holds a setting that may be {@code auto} ({@link Setting#numberOrAuto}: {@code train.block-momentum},
 * {@code train.block-learning-rate}): as {@value #AUTO}, a value outside every such setting's range, as
 * {@code shards} and {@code batchSize} hold their auto as 0. Not NaN, which the settings themselves use: NaN
 * equals nothing, itself included, so a param map or a tuning grid holding it never compared equal to its copy.
 * NaN is still read as auto, for the stages that paramavg saved with it before.
 */
final class AutoSettings {
    /** A Param's value for {@code auto}. */
    static final double AUTO = -1.0;

    private AutoSettings() {
    }

    /** Whether {@code key} may be {@code auto}: its setting's default is auto, read as NaN. */
    static boolean isAuto(ConfigKey key) {
        return key.setting().defaultValue() instanceof Double value && value.isNaN();
    }

    /** Whether {@code value} of such a Param means auto: {@value #AUTO}, or NaN as saved before. */
    static boolean meansAuto(Object value) {
        return value instanceof Double number && (number == AUTO || number.isNaN());
    }

    /**
     * Rewrites a stage's NaN values and defaults (what a stage saved by an older paramavg loads with) as
     * {@value #AUTO}, so the loaded stage compares equal to one made today.
     */
    static void normalise(SettingParams.ParamsAccess stage) {
        for (ConfigKey key : SettingParams.KEYS) {
            if (!isAuto(key)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Param<Object> param = (Param<Object>) (Param<?>) stage.getParam(SettingParams.nameOf(key));
            if (stage.hasDefault(param) && isNaN(stage.getDefault(param).get())) {
                stage.defaultTo(param, AUTO);
            }
            if (stage.isSet(param) && isNaN(stage.get(param).get())) {
                stage.setTo(param, AUTO);
            }
        }
    }

    private static boolean isNaN(Object value) {
        return value instanceof Double number && number.isNaN();
    }
}
