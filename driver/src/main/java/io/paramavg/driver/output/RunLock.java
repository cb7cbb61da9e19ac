package io.paramavg.driver.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.config.ConfigException;
import io.paramavg.worker.ThisJvm;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ownership of an output folder for the length of a run: {@code .paramavg.lock}, created only if
 * absent, holding the owner's host, process id and start time. A second run on the same folder
 * refuses, naming the owner; a lock left by a process that no longer runs on this host is reported
 * as stale and can be broken with {@code --break-lock}.
 */
public final class RunLock implements AutoCloseable {

    private final FileSystem fs;
    private final Path file;
    private final boolean createdFolder;

    private RunLock(FileSystem fs, Path file, boolean createdFolder) {
        this.fs = fs;
        this.file = file;
        this.createdFolder = createdFolder;
    }

    /** Takes the lock of {@code folder}, breaking a stale one if {@code breakStale}. */
    public static RunLock acquire(FileSystem fs, Path folder, boolean breakStale) throws IOException {
        Path file = new Path(folder, OutputFiles.LOCK);
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("host", ThisJvm.HOST);
        owner.put("pid", ThisJvm.PID);
        owner.put("started", Instant.now().toString());
        boolean createdFolder = !fs.exists(folder);
        for (int attempt = 0; attempt < 2; attempt++) {
            fs.mkdirs(folder);
            try (FSDataOutputStream out = fs.create(file, false)) {
                out.write(new ObjectMapper().writeValueAsBytes(owner));
                return new RunLock(fs, file, createdFolder);
            } catch (FileAlreadyExistsException e) {
                refuseOrBreak(fs, file, breakStale);
            } catch (IOException e) {
                // Local file systems report an existing file as a plain IOException.
                if (!fs.exists(file)) {
                    throw e;
                }
                refuseOrBreak(fs, file, breakStale);
            }
        }
        throw new ConfigException("--out " + folder + ": could not take the lock " + file);
    }

    private static void refuseOrBreak(FileSystem fs, Path file, boolean breakStale) throws IOException {
        JsonNode owner;
        try (FSDataInputStream in = fs.open(file)) {
            owner = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            owner = null;
        }
        String host = owner == null ? "?" : owner.path("host").asText("?");
        long pid = owner == null ? -1 : owner.path("pid").asLong(-1);
        String started = owner == null ? "?" : owner.path("started").asText("?");
        boolean stale = owner == null
                || (host.equals(ThisJvm.HOST) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        // Another host's processes cannot be checked from here: there the user's --break-lock decides.
        if (breakStale && (stale || !host.equals(ThisJvm.HOST))) {
            fs.delete(file, false);
            return;
        }
        String who = "process " + pid + " on " + host + " (started " + started + ")";
        if (stale) {
            throw new ConfigException("--out " + file.getParent() + " is locked by " + who + ", which is no longer "
                    + "running; pass --break-lock to remove the stale lock " + file);
        }
        throw new ConfigException("--out " + file.getParent() + " is in use by " + who + "; wait for it to "
                + "finish or choose another --out" + (host.equals(ThisJvm.HOST) ? ""
                : " (if that process is gone, pass --break-lock)"));
    }

    /**
     * Releases the lock; a run always does, whether it succeeded or failed. A folder the run created
     * and left empty (it failed before writing anything) goes too: a failed run leaves no trace.
     */
    @Override
    public void close() throws IOException {
        fs.delete(file, false);
        Path folder = file.getParent();
        if (createdFolder && fs.exists(folder) && fs.listStatus(folder).length == 0) {
            fs.delete(folder, false);
        }
    }
}
