package io.paramavg.driver.data;

import io.paramavg.worker.data.IdxArray;
import io.paramavg.worker.data.IdxReader;
import io.paramavg.worker.data.LabeledRecords;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * An IDX image file and the label file that goes with it: a training, test or validation set.
 * Executors receive it inside their tasks and read it to rebuild their shards.
 *
 * @param images the images (3 dimensions: count x rows x columns)
 * @param labels their labels (1 dimension)
 */
public record ImagePair(DataFile images, DataFile labels) implements Serializable {

    /** Reads both without checksums: what executors do to rebuild a shard. */
    public LabeledRecords read(int classes, HadoopConf conf) throws IOException {
        return read(classes, conf, null);
    }

    /** Reads both, adding each file's SHA-256 to {@code digests} unless it is null. */
    LabeledRecords read(int classes, HadoopConf conf, Map<String, String> digests) throws IOException {
        IdxArray imageArray = readIdx(images, 3, conf, digests);
        IdxArray labelArray = readIdx(labels, 1, conf, digests);
        return LabeledRecords.pair(images.location(), imageArray, labels.location(), labelArray, classes);
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
