package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

/**
 * Validation data and early stopping: what the field's workflow holds out of training to watch for
 * overfitting and to choose settings, keeping the test set for the very end.
 *
 * @param fraction    share of the training set held out as validation data ({@link #FRACTION})
 * @param data        a separate validation set instead: an IDX folder or a table ({@link #DATA})
 * @param patience    epochs without improvement before training stops; 0 never stops early ({@link #PATIENCE})
 * @param metric      what "improvement" is measured on ({@link #METRIC})
 * @param minDelta    the smallest change that counts as an improvement ({@link #MIN_DELTA})
 * @param restoreBest keep the best epoch's parameters as the model ({@link #RESTORE_BEST})
 */
public record ValidationConfig(double fraction, String data, int patience, Metric metric, double minDelta,
                               boolean restoreBest) {

    /** What early stopping and model choice watch. */
    public enum Metric {
        VAL_LOSS, VAL_ACCURACY;

        /** Whether {@code candidate} beats {@code best} by more than {@code minDelta}. */
        public boolean improves(double candidate, double best, double minDelta) {
            return this == VAL_LOSS ? candidate < best - minDelta : candidate > best + minDelta;
        }
    }

    public static final Setting<Double> FRACTION = Setting.number("train.validation-fraction", 0.0,
            "a number in [0, 1)", f -> f >= 0 && f < 1,
            "Share of the training set held out, by a seeded sample removed before sharding, as validation data "
                    + "(loss and accuracy every epoch, early stopping, tune's choice); 0 holds out none. IDX: exactly "
                    + "round(n * F) records; CSV, LIBSVM, Parquet: each training row (never a test row) with "
                    + "probability F.");
    public static final Setting<String> DATA = Setting.text("data.validation", "", true,
            "The validation set, on any Hadoop file system: with IDX data a folder of MNIST-named IDX files whose "
                    + "held-out pair (t10k-… or test-…) it is; with a CSV, LIBSVM or Parquet source a table in the "
                    + "same format and columns (labels mapped, features scaled as training's). Empty means none (or "
                    + "train.validation-fraction).");
    public static final Setting<Integer> PATIENCE = Setting.integer("train.early-stopping-patience", 0, 0,
            "Stop after this many epochs without improvement of train.early-stopping-metric; 0 never stops early. "
                    + "Needs validation data.");
    public static final Setting<Metric> METRIC = Setting.choice("train.early-stopping-metric", Metric.VAL_LOSS,
            Metric.class, "The validation figure early stopping and the best epoch are judged by.");
    public static final Setting<Double> MIN_DELTA = Setting.number("train.early-stopping-min-delta", 0.0,
            "a number >= 0", d -> d >= 0, "The smallest change of the metric that counts as an improvement.");
    public static final Setting<Boolean> RESTORE_BEST = Setting.bool("train.restore-best", true,
            "With validation data, write the best epoch's parameters as the model (and test it), not the last "
                    + "epoch's.");

    public ValidationConfig {
        FRACTION.check(fraction);
        DATA.check(data);
        PATIENCE.check(patience);
        METRIC.check(metric);
        MIN_DELTA.check(minDelta);
        if (fraction > 0 && !data.isEmpty()) {
            throw new ConfigException("validation data comes from train.validation-fraction or data.validation, "
                    + "found both (" + fraction + " and " + data + "): choose one");
        }
    }

    /** Whether the run has validation data. */
    public boolean enabled() {
        return fraction > 0 || !data.isEmpty();
    }

    /** Whether training may stop before its last epoch. */
    public boolean stopsEarly() {
        return patience > 0;
    }
}
