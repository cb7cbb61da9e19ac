package io.paramavg.driver.output;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.data.HadoopConf;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;

/** An output folder on any Hadoop file system, written one whole file at a time. */
public final class RunOutput {

    /** Writes the content of one file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path folder;
    private final FileSystem fs;
    private final boolean overwrite;

    private RunOutput(Path folder, FileSystem fs, boolean overwrite) {
        this.folder = folder;
        this.fs = fs;
        this.overwrite = overwrite;
    }

    /**
     * Opens {@code location} for a run, refusing (before any training) a folder that already holds
     * a model unless {@code overwrite}. Creates nothing yet: a run that fails leaves no trace.
     */
    public static RunOutput open(String location, boolean overwrite, HadoopConf conf) throws IOException {
        Path folder = new Path(location);
        FileSystem fs = folder.getFileSystem(conf.get());
        // Hadoop's local file system would add a .crc file beside each output.
        fs.setWriteChecksum(false);
        RunOutput output = new RunOutput(fs.makeQualified(folder), fs, overwrite);
        output.refuseExistingModel();
        return output;
    }

    private void refuseExistingModel() throws IOException {
        Path model = new Path(folder, OutputFiles.MODEL);
        if (!overwrite && fs.exists(model)) {
            throw new ConfigException("--out " + folder + " already holds a model (" + OutputFiles.MODEL
                    + "); choose another --out, or pass --overwrite to replace it");
        }
        if (fs.exists(folder) && !fs.getFileStatus(folder).isDirectory()) {
            throw new ConfigException("--out must be a folder, found a file at " + folder);
        }
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** Whether the folder is on the local file system of the host running the driver. */
    public boolean isLocal() {
        return "file".equals(folder.toUri().getScheme());
    }

    /** Refuses (before any work) to replace an existing single output file unless {@code overwrite}. */
    public static void refuseExistingFile(String location, boolean overwrite, HadoopConf conf) throws IOException {
        Path path = new Path(location);
        if (!overwrite && path.getFileSystem(conf.get()).exists(path)) {
            throw new ConfigException("--out " + location + " already exists; choose another --out, or pass "
                    + "--overwrite to replace it");
        }
    }

    /** Writes one file at {@code location} the way a run writes its outputs: temporary name, then rename. */
    public static void writeFile(String location, boolean overwrite, HadoopConf conf, Content content)
            throws IOException {
        refuseExistingFile(location, overwrite, conf);
        FileSystem fs = new Path(location).getFileSystem(conf.get());
        fs.setWriteChecksum(false);
        Path path = fs.makeQualified(new Path(location));
        new RunOutput(path.getParent(), fs, true).write(path.getName(), content);
    }

    /** Writes {@code name} atomically: to a hidden temporary file first, then renamed into place. */
    public void write(String name, Content content) throws IOException {
        refuseExistingModel();
        AtomicFiles.write(fs, new Path(folder, name), content);
    }

    public Path folder() {
        return folder;
    }
}
