package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

/**
 * How data that is not an IDX folder is read: its format, the held-out set, which columns hold the
 * label and the features, how labels become classes and how features are scaled. The path itself is
 * {@code data.dir} ({@code --data}), as for IDX.
 *
 * @param format         the input format, or {@link Format#AUTO} to detect it from the path ({@link #FORMAT})
 * @param test           the held-out set's path, or empty ({@link #TEST})
 * @param labelColumn    the label column's name or 0-based index, or empty for the default ({@link #LABEL_COLUMN})
 * @param featuresColumn the features column, or empty for the default ({@link #FEATURES_COLUMN})
 * @param testFraction   the fraction of the data held out when there is no test set ({@link #TEST_FRACTION})
 * @param indexLabels    map any label values to 0..K-1 in sorted order ({@link #INDEX_LABELS})
 * @param normalize      feature scaling for table sources ({@link #NORMALIZE})
 * @param featureCount   the feature count, or 0 to take it from the data ({@link #FEATURE_COUNT})
 */
public record TableConfig(Format format, String test, String labelColumn, String featuresColumn, double testFraction,
                          boolean indexLabels, Normalize normalize, int featureCount) {

    /** Input formats. */
    public enum Format { AUTO, IDX, CSV, LIBSVM, PARQUET }

    /** Feature scaling of table sources, with training-set statistics. */
    public enum Normalize { NONE, MIN_MAX, STANDARDIZE }

    public static final Setting<Format> FORMAT = Setting.choice("data.format", Format.AUTO, Format.class,
            "Format of data.dir and data.test. 'auto' detects it: an IDX folder (MNIST file names, or 'embedded'), "
                    + ".csv or .csv.gz, .libsvm or .svm, .parquet or a folder of Parquet parts; otherwise the run "
                    + "stops asking for it.");
    public static final Setting<String> TEST = Setting.text("data.test", "", true,
            "Held-out set of a CSV, LIBSVM or Parquet source (a file, folder or glob on any Hadoop file system), in "
                    + "the same format as data.dir; empty: hold out data.test-fraction of data.dir instead.");
    public static final Setting<String> LABEL_COLUMN = Setting.text("data.label-column", "", true,
            "Label column of a CSV or Parquet source, by name or 0-based index; empty: the column named 'label', "
                    + "else (CSV) the first column.");
    public static final Setting<String> FEATURES_COLUMN = Setting.text("data.features-column", "", true,
            "Features column of a Parquet source (an ML Vector, dense or sparse, or an array of float or double); "
                    + "empty: the column named 'features' if there is one, else every numeric column but the label.");
    public static final Setting<Double> TEST_FRACTION = Setting.number("data.test-fraction", 0.0,
            "a number in [0, 1)", value -> value >= 0 && value < 1,
            "Fraction of a CSV, LIBSVM or Parquet source held out (seeded by train.seed) when data.test is empty; "
                    + "0 with no data.test is refused.");
    public static final Setting<Boolean> INDEX_LABELS = Setting.bool("data.index-labels", false,
            "Map any label values (1-based codes, gaps, text) to classes 0..K-1 in sorted order, saved with the "
                    + "model; otherwise numeric labels must be the integers 0..K-1. Text labels are always indexed.");
    public static final Setting<Normalize> NORMALIZE = Setting.choice("data.normalize", Normalize.STANDARDIZE,
            Normalize.class, "Feature scaling of CSV, LIBSVM and Parquet sources, with statistics of the training "
                    + "set saved inside model.zip as DL4J's normalizer (IDX pixels are always divided by 255).");

    public static final Setting<Integer> FEATURE_COUNT = Setting.integer("data.feature-count", 0, 0,
            "Features per record of a CSV, LIBSVM or Parquet source; 0 takes it from the data (for LIBSVM: the "
                    + "largest index in the training set, so trailing features that are always 0 are dropped unless "
                    + "this is set, as with the numFeatures option of Spark's libsvm source).");

    public TableConfig {
        FEATURE_COUNT.check(featureCount);
        FORMAT.check(format);
        TEST.check(test);
        LABEL_COLUMN.check(labelColumn);
        FEATURES_COLUMN.check(featuresColumn);
        TEST_FRACTION.check(testFraction);
        INDEX_LABELS.check(indexLabels);
        NORMALIZE.check(normalize);
    }

    /** Every key at its default. */
    public static TableConfig defaults() {
        return new TableConfig(FORMAT.defaultValue(), TEST.defaultValue(), LABEL_COLUMN.defaultValue(),
                FEATURES_COLUMN.defaultValue(), TEST_FRACTION.defaultValue(), INDEX_LABELS.defaultValue(),
                NORMALIZE.defaultValue(), FEATURE_COUNT.defaultValue());
    }

    static TableConfig from(Settings s) {
        return new TableConfig(s.value(FORMAT), s.value(TEST), s.value(LABEL_COLUMN), s.value(FEATURES_COLUMN),
                s.value(TEST_FRACTION), s.value(INDEX_LABELS), s.value(NORMALIZE), s.value(FEATURE_COUNT));
    }
}
