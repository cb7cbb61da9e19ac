package io.paramavg.driver.data.table;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.config.DataConfig;
import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells a source's format from its path where that is unambiguous: {@code embedded} or a folder of
 * MNIST-named files is IDX; {@code .csv}/{@code .csv.gz} CSV; {@code .libsvm}/{@code .svm} LIBSVM;
 * {@code .parquet} or a folder of Parquet parts Parquet. Anything else must be named with
 * {@code --format}.
 */
public final class TableFormats {
    private TableFormats() {
    }

    /** {@code configured} unless it is AUTO, else the format detected at {@code path}. */
    public static TableConfig.Format resolve(String path, TableConfig.Format configured, HadoopConf conf)
            throws IOException {
        if (configured != TableConfig.Format.AUTO) {
            return configured;
        }
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
