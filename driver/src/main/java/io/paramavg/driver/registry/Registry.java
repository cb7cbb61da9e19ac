package io.paramavg.driver.registry;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.AtomicFiles;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.output.RunLock;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A registry folder:
 * <pre>
 *   CURRENT                 the promoted version's id
 *   history.jsonl           one JSON line per retraining run
 *   versions/&lt;id&gt;/          model.zip, metrics.json, manifest.json: complete versions
 *   versions/.incomplete-&lt;id&gt;/  a version being written; left behind only by a crash
 * </pre>
 * A version is written in its incomplete folder and renamed into place when complete, and
 * {@code CURRENT} is replaced by renaming a new file over it, so a crash at any point leaves
 * {@code CURRENT} naming a complete version.
 */
public final class Registry {
    static final String INCOMPLETE = ".incomplete-";
    static final List<String> VERSION_FILES = List.of(OutputFiles.MODEL, OutputFiles.METRICS, OutputFiles.MANIFEST);

    private final FileSystem fs;
    private final Path root;

    private Registry(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    public static Registry open(String location, HadoopConf conf) throws IOException {
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem(conf.get());
        fs.setWriteChecksum(false);
        Path root = fs.makeQualified(path);
        if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
            throw new ConfigException("--registry must be a folder, found a file at " + root);
        }
        return new Registry(fs, root);
    }

    /** Takes the registry's lock: one retraining job at a time. */
    public RunLock lock(boolean breakStale) throws IOException {
        return RunLock.acquire(fs, root, breakStale);
    }

    /** The folder of version {@code id}. */
    public Path version(int id) {
        return new Path(versionsFolder(), String.valueOf(id));
    }

    /** The promoted version, checked complete; empty when nothing was promoted yet. */
    public Optional<Integer> current() throws IOException {
        Path pointer = new Path(root, OutputFiles.CURRENT);
        if (!fs.exists(pointer)) {
            return Optional.empty();
        }
        String text;
        try (FSDataInputStream in = fs.open(pointer)) {
            text = new String(in.readNBytes(64), StandardCharsets.UTF_8).strip();
        }
        int id;
        try {
            id = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new DataFormatException(pointer.toString(), "content", "a version number", "'" + text + "'");
        }
        for (String name : VERSION_FILES) {
            if (!fs.exists(new Path(version(id), name))) {
                throw new DataFormatException(pointer.toString(), "version " + id, "a complete version folder with "
                        + String.join(", ", VERSION_FILES), "no " + name + " in " + version(id));
            }
        }
        return Optional.of(id);
    }

    /** Complete version ids, oldest first. */
    public List<Integer> versions() throws IOException {
        List<Integer> ids = new ArrayList<>();
        for (FileStatus status : versionEntries()) {
            if (status.isDirectory() && status.getPath().getName().matches("\\d+")) {
                ids.add(Integer.parseInt(status.getPath().getName()));
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Deletes the incomplete version folders a crashed run left; returns what it removed. */
    public List<Path> removeIncomplete() throws IOException {
        List<Path> removed = new ArrayList<>();
        for (FileStatus status : versionEntries()) {
            if (status.getPath().getName().startsWith(INCOMPLETE)) {
                fs.delete(status.getPath(), true);
                removed.add(status.getPath());
            }
        }
        return removed;
    }

    private Path versionsFolder() {
        return new Path(root, OutputFiles.VERSIONS);
    }

    /** What the versions folder holds: complete and incomplete versions; nothing before the first run. */
    private FileStatus[] versionEntries() throws IOException {
        Path folder = versionsFolder();
        return fs.exists(folder) ? fs.listStatus(folder) : new FileStatus[0];
    }

    /** Where the next version is written until it is complete. */
    public Path incomplete(int id) {
        return new Path(versionsFolder(), INCOMPLETE + id);
    }

    /** The id the next version gets. */
    public int nextId() throws IOException {
        List<Integer> ids = versions();
        return ids.isEmpty() ? 1 : ids.get(ids.size() - 1) + 1;
    }

    /** Moves a fully written version into place. */
    public void complete(int id) throws IOException {
        if (!fs.rename(incomplete(id), version(id))) {
            throw new IOException("could not rename " + incomplete(id) + " to " + version(id));
        }
    }

    /** Makes {@code id} current by renaming a new pointer file over the old one. */
    public void promote(int id) throws IOException {
        writeAtomically(new Path(root, OutputFiles.CURRENT), (id + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one line to history.jsonl (rewritten whole: appends are not on every file system). */
    public void appendHistory(String jsonLine) throws IOException {
        Path history = new Path(root, OutputFiles.HISTORY);
        byte[] old = new byte[0];
        if (fs.exists(history)) {
            try (FSDataInputStream in = fs.open(history)) {
                old = in.readAllBytes();
            }
        }
        byte[] line = (jsonLine + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[old.length + line.length];
        System.arraycopy(old, 0, all, 0, old.length);
        System.arraycopy(line, 0, all, old.length, line.length);
        writeAtomically(history, all);
    }

    /** Deletes the oldest versions beyond {@code keep}, never the current one; returns the deleted ids. */
    public List<Integer> retain(int keep) throws IOException {
        List<Integer> ids = versions();
        Optional<Integer> current = current();
        List<Integer> deleted = new ArrayList<>();
        for (int i = 0; i < ids.size() - keep; i++) {
            if (current.isEmpty() || !current.get().equals(ids.get(i))) {
                fs.delete(version(ids.get(i)), true);
                deleted.add(ids.get(i));
            }
        }
        return deleted;
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        AtomicFiles.write(fs, target, out -> out.write(content));
    }
}
