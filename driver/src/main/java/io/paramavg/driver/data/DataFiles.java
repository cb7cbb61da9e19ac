package io.paramavg.driver.data;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The four files of a run, found by their standard MNIST names in {@code data.dir} unless given
 * one by one. Which names are accepted: {@code train-images-idx3-ubyte} and
 * {@code train-labels-idx1-ubyte} for training, {@code t10k-…} or {@code test-…} for the
 * held-out set, each plain or {@code .gz}.
 */
public record DataFiles(ImagePair train, ImagePair test) {

    /** Resolves the files of {@code config}, checking that they exist and that test is not train. */
    public static DataFiles resolve(DataConfig config, HadoopConf conf) throws IOException {
        Set<String> names = config.embedded() ? embeddedNames() : listFolder(config.dir(), conf);
        ImagePair train = new ImagePair(pick(config, names, config.trainImages(), "train-images-idx3-ubyte"),
                pick(config, names, config.trainLabels(), "train-labels-idx1-ubyte"));
        ImagePair test = testSet(config, names);
        if (sameFile(train.images(), test.images(), conf) || sameFile(train.labels(), test.labels(), conf)) {
            throw new ConfigException("the test set must be held out: data.test-images/-labels must differ from the "
                    + "training files, found " + test.images() + " and " + test.labels());
        }
        return new DataFiles(train, test);
    }

    /** Just the held-out pair of {@code config}, for evaluating a saved model. */
    public static ImagePair resolveTestSet(DataConfig config, HadoopConf conf) throws IOException {
        return testSet(config, config.embedded() ? embeddedNames() : listFolder(config.dir(), conf));
    }

    private static ImagePair testSet(DataConfig config, Set<String> names) {
        return new ImagePair(
                pick(config, names, config.testImages(), "t10k-images-idx3-ubyte", "test-images-idx3-ubyte"),
                pick(config, names, config.testLabels(), "t10k-labels-idx1-ubyte", "test-labels-idx1-ubyte"));
    }

    private static DataFile pick(DataConfig config, Set<String> names, String explicit, String... standardNames) {
        if (!explicit.isEmpty()) {
            return new DataFile(explicit);
        }
        for (String standard : standardNames) {
            for (String candidate : List.of(standard, standard + ".gz")) {
                if (names.contains(candidate)) {
                    return config.embedded() ? DataFile.embedded(candidate)
                            : new DataFile(new Path(config.dir(), candidate).toString());
                }
            }
        }
        throw new DataFormatException(config.dir(), "file names",
                "a file named " + String.join(" or ", standardNames) + " (optionally .gz)",
                names.isEmpty() ? "an empty folder" : "only " + String.join(", ", names));
    }

    private static Set<String> embeddedNames() {
        return Set.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "test-images-idx3-ubyte.gz",
                "test-labels-idx1-ubyte.gz");
    }

    private static Set<String> listFolder(String dir, HadoopConf conf) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = path.getFileSystem(conf.get());
        FileStatus[] entries;
        try {
            if (!fs.getFileStatus(path).isDirectory()) {
                throw new DataFormatException(dir, "data.dir", "a folder of MNIST-named IDX files", "a file");
            }
            entries = fs.listStatus(path);
        } catch (FileNotFoundException e) {
            throw new DataFormatException(dir, "data.dir", "a folder of MNIST-named IDX files", "no such folder");
        }
        Set<String> names = new TreeSet<>();
        for (FileStatus entry : entries) {
            if (entry.isFile()) {
                names.add(entry.getPath().getName());
            }
        }
        return names;
    }

    private static boolean sameFile(DataFile a, DataFile b, HadoopConf conf) throws IOException {
        if (a.isEmbedded() || b.isEmbedded()) {
            return a.equals(b);
        }
        Path pa = new Path(a.location());
        Path pb = new Path(b.location());
        return pa.getFileSystem(conf.get()).makeQualified(pa).equals(pb.getFileSystem(conf.get()).makeQualified(pb));
    }

    /** All four, in a fixed order: training images, training labels, test images, test labels. */
    public List<DataFile> all() {
        return new ArrayList<>(List.of(train.images(), train.labels(), test.images(), test.labels()));
    }
}
