package io.paramavg.driver.data;

import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.engine.IdxShardSource;
import io.paramavg.driver.engine.ShardSource;
import io.paramavg.worker.data.IdxArray;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.data.LabeledImages;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training, test and validation sets, validated before anything is trained (a bad file must
 * fail the run before anything is written), with a SHA-256 of every input for the manifest, their
 * shapes, and where the engine gets its shards. IDX files are read and checked in full on the
 * driver; a table is validated in one distributed pass and never collected
 * ({@code io.paramavg.driver.data.table}).
 *
 * @param files      the IDX files, or null for a table
 * @param train      the training set's shape (with the records held out of it for validation)
 * @param test       the test set's shape
 * @param sha256     input (file or table path) to the SHA-256 of what was read, validation data included
 * @param shards     where the engine's shards come from
 * @param table      a table's labels and scaling, or null for IDX
 * @param validation the separate validation set (data.validation), or null when there is none
 */
public record LoadedData(DataFiles files, DataShape train, DataShape test, Map<String, String> sha256,
                         ShardSource shards, TablePreprocessing table, ValidationSet validation) {

    /**
     * A validation set read from its own source rather than held out of the training set.
     *
     * @param source its path, as messages name it
     * @param count  its records
     */
    public record ValidationSet(String source, int count) {
    }

    /** Reads all four files; {@code classes <= 0} takes the class count from the training labels. */
    public static LoadedData load(DataFiles files, int classes, HadoopConf conf) throws IOException {
        return load(files, classes, "", conf);
    }

    /**
     * Reads all four files and, unless {@code validationFolder} is empty, the held-out pair (t10k-… or
     * test-…) of that folder as the validation set, checked against the training set as the test set is.
     */
    public static LoadedData load(DataFiles files, int classes, String validationFolder, HadoopConf conf)
            throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        LabeledImages train = read(files.trainImages(), files.trainLabels(), classes, conf, digests);
        // The test set must use the training set's classes: a model cannot predict a class it never had.
        LabeledImages test = read(files.testImages(), files.testLabels(), train.classes(), conf, digests);
        requireSameSize(train, test, files.testImages());
        DataFile[] validationPair = null;
        ValidationSet validation = null;
        if (!validationFolder.isEmpty()) {
            validationPair = DataFiles.resolveTestSet(DataConfig.folder(validationFolder, train.classes()), conf);
            LabeledImages records = read(validationPair[0], validationPair[1], train.classes(), conf, digests);
            requireSameSize(train, records, validationPair[0]);
            validation = new ValidationSet(validationPair[0].location(), records.count());
        }
        return new LoadedData(files, DataShape.of(train), DataShape.of(test), digests,
                new IdxShardSource(files, train.count(), train.classes(), validationPair, conf), null, validation);
    }

    private static void requireSameSize(LabeledImages train, LabeledImages other, DataFile images) {
        if (other.rows() != train.rows() || other.columns() != train.columns()) {
            throw new io.paramavg.worker.data.DataFormatException(images.location(), "image size",
                    train.rows() + "x" + train.columns() + " like the training images",
                    other.rows() + "x" + other.columns());
        }
    }

    /** The records that train: the training set but those held out of it for validation by {@code heldOut}. */
    public int trainingRecords(double heldOut) {
        return train.count() - shards.heldOutCount(heldOut);
    }

    /** Whether the data is a table (CSV, LIBSVM, Parquet, a DataFrame) rather than IDX files. */
    public boolean isTable() {
        return table != null;
    }

    /** Reads one image/label pair without checksums: what executors do to rebuild a shard. */
    public static LabeledImages read(DataFile images, DataFile labels, int classes, HadoopConf conf)
            throws IOException {
        return read(images, labels, classes, conf, null);
    }

    private static LabeledImages read(DataFile images, DataFile labels, int classes, HadoopConf conf,
                                      Map<String, String> digests) throws IOException {
        IdxArray imageArray = readIdx(images, 3, conf, digests);
        IdxArray labelArray = readIdx(labels, 1, conf, digests);
        return LabeledImages.pair(images.location(), imageArray, labels.location(), labelArray, classes);
    }

    private static IdxArray readIdx(DataFile file, int dimensions, HadoopConf conf, Map<String, String> digests)
            throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(file.open(conf), digest)) {
            IdxArray array = IdxReader.read(file.location(), in, dimensions);
            if (digests != null) {
                digests.put(file.location(), HexFormat.of().formatHex(digest.digest()));
            }
            return array;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
