package io.paramavg.driver.data;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run reads: IDX files or a table in a given format, decided once per path and then carried as
 * a type, so training, retraining, evaluation and prediction never decide it again. The kind decides
 * where the data is read: IDX files in full on the driver before Spark starts (a bad file fails in
 * seconds), a table on the executors once Spark runs (the driver never holds its rows).
 *
 * <p>{@code --format} decides it when given; otherwise the path's name, where that is unambiguous:
 * {@code embedded} or a folder of MNIST-named files is IDX; {@code .csv}/{@code .csv.gz} CSV;
 * {@code .libsvm}/{@code .svm} LIBSVM; {@code .parquet} or a folder of Parquet parts Parquet.
 * Anything else must be named with {@code --format}.
 */
public sealed interface DataSource permits DataSource.Idx, DataSource.Table {

    /** The path it was resolved from. */
    String path();

    /** IDX image and label files: a folder of MNIST-named files, or the embedded sample. */
    record Idx(String path) implements DataSource {
    }

    /** A table: CSV, LIBSVM or Parquet. */
    record Table(String path, TableConfig.Format format) implements DataSource {
    }

    /**
     * A run's data.dir. IDX holds its own held-out files, so a table's separate test set
     * (data.test) is refused with it here, before anything is read.
     */
    static DataSource of(RunConfig config, HadoopConf conf) throws IOException {
        DataSource source = at(config.data().dir(), config.tables().format(), conf);
        if (source instanceof Idx && !config.tables().test().isEmpty()) {
            throw new ConfigException("data.test (--test-data) names a table's held-out set; --data "
                    + config.data().dir() + " is IDX, whose held-out files are found in it or given with "
                    + "data.test-images and data.test-labels");
        }
        return source;
    }

    /** What {@code path} holds: {@code configured} unless it is AUTO, else the format its name tells. */
    static DataSource at(String path, TableConfig.Format configured, HadoopConf conf) throws IOException {
        TableConfig.Format format = configured != TableConfig.Format.AUTO ? configured : detect(path, conf);
        return format == TableConfig.Format.IDX ? new Idx(path) : new Table(path, format);
    }

    private static TableConfig.Format detect(String path, HadoopConf conf) throws IOException {
        if (DataConfig.EMBEDDED.equals(path)) {
            return TableConfig.Format.IDX;
        }
        TableConfig.Format byName = byName(path);
        if (byName != null) {
            return byName;
        }
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf.get());
        FileStatus[] matches = fs.globStatus(p);
        if (matches == null || matches.length == 0) {
            if (path.matches(".*[*?\\[{].*")) {
                throw new DataFormatException(path, "data", "a glob that matches files", "no match");
            }
            // A missing folder is reported as the IDX reader always has: "no such folder".
            return TableConfig.Format.IDX;
        }
        List<String> names = new ArrayList<>();
        for (FileStatus match : matches) {
            if (match.isDirectory()) {
                for (FileStatus entry : fs.listStatus(match.getPath())) {
                    names.add(entry.getPath().getName());
                }
            } else {
                names.add(match.getPath().getName());
            }
        }
        List<String> data = names.stream().filter(n -> !n.startsWith("_") && !n.startsWith(".")).toList();
        // IDX-looking names, or nothing at all: the IDX reader says exactly which files are missing.
        if (data.isEmpty() || data.stream().anyMatch(n -> n.matches(".*idx[0-9]-ubyte(\\.gz)?"))) {
            return TableConfig.Format.IDX;
        }
        TableConfig.Format common = null;
        for (String name : data) {
            TableConfig.Format format = byName(name);
            if (format == null || (common != null && format != common)) {
                common = null;
                break;
            }
            common = format;
        }
        if (common != null) {
            return common;
        }
        throw new ConfigException("cannot tell the format of --data/--test-data " + path + " from its name"
                + (data.isEmpty() ? "" : " (it holds " + String.join(", ", data.subList(0, Math.min(5, data.size())))
                + (data.size() > 5 ? ", ..." : "") + ")") + "; pass --format idx|csv|libsvm|parquet");
    }

    private static TableConfig.Format byName(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return TableConfig.Format.CSV;
        }
        if (name.endsWith(".libsvm") || name.endsWith(".svm") || name.endsWith(".libsvm.gz")
                || name.endsWith(".svm.gz")) {
            return TableConfig.Format.LIBSVM;
        }
        if (name.endsWith(".parquet")) {
            return TableConfig.Format.PARQUET;
        }
        return null;
    }
}
