package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

/**
 * Where the data is. Files left empty are found in {@code dir} by their standard MNIST names.
 *
 * @param dir         a folder on any Hadoop file system, or {@code embedded} ({@link #DIR})
 * @param trainImages explicit training image file, or empty
 * @param trainLabels explicit training label file, or empty
 * @param testImages  explicit test image file, or empty
 * @param testLabels  explicit test label file, or empty
 * @param classes     fixed class count, or 0 to take it from the training labels ({@link #CLASSES})
 */
public record DataConfig(String dir, String trainImages, String trainLabels, String testImages, String testLabels,
                         int classes) {

    /** The value of {@code data.dir} that selects the sample shipped inside the jar. */
    public static final String EMBEDDED = "embedded";

    public static final Setting<String> DIR = Setting.text("data.dir", EMBEDDED, false,
            "The data (--data), on any Hadoop file system: a local path, file://, hdfs://, s3a://. Either a folder "
                    + "holding MNIST-named IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                    + "t10k-… or test-…), or a CSV, LIBSVM or Parquet file, folder or glob (see data.format). "
                    + "'embedded' is the 8,000 + 2,000 digit MNIST sample inside the jar.");
    public static final Setting<String> TRAIN_IMAGES = Setting.text("data.train-images", "", true,
            "Training image file; empty means the one found in data.dir.");
    public static final Setting<String> TRAIN_LABELS = Setting.text("data.train-labels", "", true,
            "Training label file; empty means the one found in data.dir.");
    public static final Setting<String> TEST_IMAGES = Setting.text("data.test-images", "", true,
            "Held-out test image file; empty means the one found in data.dir.");
    public static final Setting<String> TEST_LABELS = Setting.text("data.test-labels", "", true,
            "Held-out test label file; empty means the one found in data.dir.");
    public static final Setting<Integer> CLASSES = Setting.integer("data.classes", 0, 0,
            "Number of classes; 0 takes it from the training labels (largest + 1) and then refuses labels that "
                    + "leave a class without a training example.");

    public DataConfig {
        DIR.check(dir);
        TRAIN_IMAGES.check(trainImages);
        TRAIN_LABELS.check(trainLabels);
        TEST_IMAGES.check(testImages);
        TEST_LABELS.check(testLabels);
        CLASSES.check(classes);
    }

    /** The embedded sample's held-out set, or the standard files of {@code dir}, with {@code classes} fixed. */
    public static DataConfig folder(String dir, int classes) {
        return new DataConfig(dir, "", "", "", "", classes);
    }

    public boolean embedded() {
        return EMBEDDED.equals(dir);
    }
}
