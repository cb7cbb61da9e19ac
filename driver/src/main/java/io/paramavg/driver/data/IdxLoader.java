package io.paramavg.driver.data;

import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.worker.data.DataFormatException;
import io.paramavg.worker.data.LabeledRecords;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and checks a run's IDX files in full on the driver, before Spark starts: a bad file must fail
 * the run in seconds, before anything is written. The executors later read the same files again to
 * build their shards ({@link IdxShardSource}).
 */
public final class IdxLoader {
    private IdxLoader() {
    }

    /** Reads all four files; {@code classes <= 0} takes the class count from the training labels. */
    public static LoadedData.Idx load(DataFiles files, int classes, HadoopConf conf) throws IOException {
        return load(files, classes, "", conf);
    }

    /**
     * A run's IDX data: all four files with the class count {@code run} configures, and its
     * data.validation folder, if any, as the validation set.
     */
    public static LoadedData.Idx load(DataFiles files, RunConfig run, HadoopConf conf) throws IOException {
        return load(files, run.data().classes(), run.validation().data(), conf);
    }

    /**
     * Reads all four files and, unless {@code validationFolder} is empty, the held-out pair (t10k-… or
     * test-…) of that folder as the validation set, checked against the training set as the test set is.
     */
    private static LoadedData.Idx load(DataFiles files, int classes, String validationFolder, HadoopConf conf)
            throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        LabeledRecords train = files.train().read(classes, conf, digests);
        // The test set must use the training set's classes: a model cannot predict a class it never had.
        LabeledRecords test = files.test().read(train.classes(), conf, digests);
        requireSameSize(train, test, files.test());
        Optional<ImagePair> validationPair = Optional.empty();
        Optional<LoadedData.ValidationSet> validation = Optional.empty();
        if (!validationFolder.isEmpty()) {
            ImagePair pair = DataFiles.resolveTestSet(DataConfig.folder(validationFolder, train.classes()), conf);
            LabeledRecords records = pair.read(train.classes(), conf, digests);
            requireSameSize(train, records, pair);
            validationPair = Optional.of(pair);
            validation = Optional.of(new LoadedData.ValidationSet(pair.images().location(), records.count()));
        }
        return new LoadedData.Idx(files, DataShape.of(train), DataShape.of(test), digests,
                new IdxShardSource(files, train.count(), train.classes(), validationPair, conf), validation);
    }

    private static void requireSameSize(LabeledRecords train, LabeledRecords other, ImagePair pair) {
        if (other.rows() != train.rows() || other.columns() != train.columns()) {
            throw new DataFormatException(pair.images().location(), "image size",
                    train.rows() + "x" + train.columns() + " like the training images",
                    other.rows() + "x" + other.columns());
        }
    }
}
