package io.paramavg.driver.data;

import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * One input file: a path on any Hadoop file system, or a file of the sample embedded in the jar
 * (which every executor has on its classpath, so the default data needs no shared storage).
 *
 * @param location a Hadoop path or URI, or {@code embedded:NAME}
 */
public record DataFile(String location) implements Serializable {
    private static final String EMBEDDED_PREFIX = "embedded:";
    private static final String EMBEDDED_FOLDER = "/paramavg/mnist-sample/";

    public static DataFile embedded(String name) {
        return new DataFile(EMBEDDED_PREFIX + name);
    }

    public boolean isEmbedded() {
        return location.startsWith(EMBEDDED_PREFIX);
    }

    /** The file's name without its folder. */
    public String name() {
        return isEmbedded() ? location.substring(EMBEDDED_PREFIX.length()) : new Path(location).getName();
    }

    /** Whether the file lies on the local disk of whichever host opens it, so other hosts cannot read it. */
    public boolean isLocal(HadoopConf conf) throws IOException {
        return !isEmbedded() && "file".equals(new Path(location).getFileSystem(conf.get()).getScheme());
    }

    /** Opens the file for reading; a missing file is a data error naming it. */
    public InputStream open(HadoopConf conf) throws IOException {
        if (isEmbedded()) {
            InputStream in = DataFile.class.getResourceAsStream(EMBEDDED_FOLDER + name());
            if (in == null) {
                throw new DataFormatException(location, "not found on the classpath: is the paramavg jar complete?");
            }
            return in;
        }
        Path path = new Path(location);
        try {
            FileSystem fs = path.getFileSystem(conf.get());
            if (fs.getFileStatus(path).isDirectory()) {
                throw new DataFormatException(location, "file type", "an IDX file", "a directory");
            }
            return fs.open(path);
        } catch (FileNotFoundException e) {
            throw new DataFormatException(location, "file", "an IDX file", "no file at this path");
        }
    }

    @Override
    public String toString() {
        return location;
    }
}
