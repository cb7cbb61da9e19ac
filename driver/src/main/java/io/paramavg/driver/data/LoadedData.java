package io.paramavg.driver.data;

import io.paramavg.driver.config.DataConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training, test and validation sets of a run, validated before anything is trained (a bad input
 * must fail the run before anything is written), with a SHA-256 of every input for the manifest, their
 * shapes, and where the engine gets its shards. Its kind is its type: {@link Idx} files are read and
 * checked in full on the driver ({@link IdxLoader}); a {@link Table} is validated in one distributed
 * pass and never collected ({@code io.paramavg.driver.data.table}). The engines see only shapes and
 * shards, so they never ask which.
 */
public sealed interface LoadedData permits LoadedData.Idx, LoadedData.Table {

    /** The training set's shape, the records held out of it for validation included. */
    DataShape train();

    /** The test set's shape. */
    DataShape test();

    /** Input (file or table path) to the SHA-256 of what was read, validation data included. */
    Map<String, String> sha256();

    /** Where the engine's shards come from. */
    ShardSource shards();

    /** The separate validation set (data.validation), if there is one. */
    Optional<ValidationSet> validation();

    /** Where the data came from, as the run's first line names it: {@code data} is the run's data settings. */
    String origin(DataConfig data);

    /** The records that train: the training set but those held out of it for validation by {@code heldOut}. */
    default int trainingRecords(double heldOut) {
        return train().count() - shards().heldOutCount(heldOut);
    }

    /**
     * The records of the largest of {@code shards} shards of what trains ({@link #trainingRecords}): what
     * a round schedule is laid out for, and what the automatic minibatch size is chosen for.
     */
    default int largestShard(double heldOut, int shards) {
        return (trainingRecords(heldOut) + shards - 1) / shards;
    }

    /**
     * A validation set read from its own source rather than held out of the training set.
     *
     * @param source its path, as messages name it
     * @param count  its records
     */
    record ValidationSet(String source, int count) {
    }

    /**
     * IDX image and label files.
     *
     * @param files the run's four files
     */
    record Idx(DataFiles files, DataShape train, DataShape test, Map<String, String> sha256, ShardSource shards,
               Optional<ValidationSet> validation) implements LoadedData {
        @Override
        public String origin(DataConfig data) {
            return data.embedded() ? "the embedded MNIST sample" : data.dir();
        }
    }

    /**
     * A table: CSV, LIBSVM, Parquet or a DataFrame.
     *
     * @param preprocessing its labels and scaling, which a model trained on it keeps to read more of it
     */
    record Table(TablePreprocessing preprocessing, DataShape train, DataShape test, Map<String, String> sha256,
                 ShardSource shards, Optional<ValidationSet> validation) implements LoadedData {
        /** Its format and its training and test sources (the validation source is named on a line of its own). */
        @Override
        public String origin(DataConfig data) {
            List<String> sources = new ArrayList<>(sha256.keySet());
            validation.ifPresent(set -> sources.remove(set.source()));
            return preprocessing.format() + " " + String.join(" and ", sources);
        }
    }
}
