package io.paramavg.driver.data;

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
 * The training and test sets, validated before anything is trained (a bad file must fail the run
 * before anything is written), with a SHA-256 of every input for the manifest, their shapes, and
 * where the engine gets its shards. IDX files are read and checked in full on the driver; a table
 * is validated in one distributed pass and never collected ({@code io.paramavg.driver.data.table}).
 *
 * @param files  the IDX files, or null for a table
 * @param train  the training set's shape
 * @param test   the test set's shape
 * @param sha256 input (file or table path) to the SHA-256 of what was read
 * @param shards where the engine's shards come from
 * @param table  a table's labels and scaling, or null for IDX
 */
public record LoadedData(DataFiles files, DataShape train, DataShape test, Map<String, String> sha256,
                         ShardSource shards, TablePreprocessing table) {

    /** Reads all four files; {@code classes <= 0} takes the class count from the training labels. */
    public static LoadedData load(DataFiles files, int classes, HadoopConf conf) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        LabeledImages train = read(files.trainImages(), files.trainLabels(), classes, conf, digests);
        // The test set must use the training set's classes: a model cannot predict a class it never had.
        LabeledImages test = read(files.testImages(), files.testLabels(), train.classes(), conf, digests);
        if (test.rows() != train.rows() || test.columns() != train.columns()) {
            throw new io.paramavg.worker.data.DataFormatException(files.testImages().location(), "image size",
                    train.rows() + "x" + train.columns() + " like the training images",
                    test.rows() + "x" + test.columns());
        }
        return new LoadedData(files, DataShape.of(train), DataShape.of(test), digests,
                new IdxShardSource(files, train.classes(), conf), null);
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
