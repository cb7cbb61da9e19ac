package io.paramavg.driver.config;

/**
 * Where the data is. Files left empty are found in {@code dir} by their standard MNIST names.
 *
 * @param dir         a folder on any Hadoop file system, or {@code embedded}
 * @param trainImages explicit training image file, or empty
 * @param trainLabels explicit training label file, or empty
 * @param testImages  explicit test image file, or empty
 * @param testLabels  explicit test label file, or empty
 * @param classes     fixed class count, or 0 to take it from the training labels
 */
public record DataConfig(String dir, String trainImages, String trainLabels, String testImages, String testLabels,
                         int classes) {

    /** The value of {@code data.dir} that selects the sample shipped inside the jar. */
    public static final String EMBEDDED = "embedded";

    public DataConfig {
        if (dir == null || dir.isBlank()) {
            throw new ConfigException("data.dir must be a folder or 'embedded', found nothing");
        }
        if (classes < 0) {
            throw new ConfigException("data.classes must be an integer >= 0, found " + classes);
        }
    }

    public boolean embedded() {
        return EMBEDDED.equals(dir);
    }
}
