package io.paramavg.driver.checkpoint;

import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.AtomicFiles;
import io.paramavg.driver.output.OutputFiles;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints of one run, in {@code <out>/checkpoints} on any Hadoop file system. Each is
 * written under a hidden temporary name and renamed into place, so a checkpoint file that exists
 * is complete; the newest {@code keep} are kept.
 */
public final class CheckpointStore {
    private static final Pattern NAME = Pattern.compile("checkpoint-e(\\d{4,})-r(\\d{5,})\\.bin");
    /** By position, not by name: the counters may outgrow their zero padding. */
    private static final Comparator<Path> BY_POSITION = Comparator
            .comparingLong((Path p) -> number(p, 1)).thenComparingLong(p -> number(p, 2));

    private final FileSystem fs;
    private final Path folder;
    private final int keep;

    private CheckpointStore(FileSystem fs, Path folder, int keep) {
        this.fs = fs;
        this.folder = folder;
        this.keep = keep;
    }

    /** The store of the run whose output folder is {@code out}; creates nothing yet. */
    public static CheckpointStore of(Path out, HadoopConf conf, int keep) throws IOException {
        FileSystem fs = out.getFileSystem(conf.get());
        fs.setWriteChecksum(false);
        return new CheckpointStore(fs, new Path(out, OutputFiles.CHECKPOINTS), keep);
    }

    public Path folder() {
        return folder;
    }

    /** Where {@code checkpoint} is (or would be) stored. */
    public Path pathOf(Checkpoint checkpoint) {
        return new Path(folder, checkpoint.fileName());
    }

    /** Writes {@code checkpoint} atomically, then deletes all but the newest {@code keep}. */
    public Path save(Checkpoint checkpoint) throws IOException {
        Path target = pathOf(checkpoint);
        AtomicFiles.write(fs, target, out -> CheckpointFormat.write(checkpoint, out));
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            fs.delete(all.get(i), false);
        }
        return target;
    }

    /** The newest checkpoint, read and validated; empty when there is none. */
    public Optional<Checkpoint> newest() throws IOException {
        List<Path> all = list();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path newest = all.get(all.size() - 1);
        try (FSDataInputStream in = fs.open(newest)) {
            return Optional.of(CheckpointFormat.read(newest.toString(), in));
        }
    }

    /** Complete checkpoint files, oldest first. */
    public List<Path> list() throws IOException {
        List<Path> paths = new ArrayList<>();
        if (!fs.exists(folder)) {
            return paths;
        }
        for (FileStatus status : fs.listStatus(folder)) {
            if (status.isFile() && NAME.matcher(status.getPath().getName()).matches()) {
                paths.add(status.getPath());
            }
        }
        paths.sort(BY_POSITION);
        return paths;
    }

    private static long number(Path path, int group) {
        Matcher matcher = NAME.matcher(path.getName());
        return matcher.matches() ? Long.parseLong(matcher.group(group)) : -1;
    }

    /** Removes every checkpoint: a run started over with --overwrite must not resume into old ones. */
    public void clear() throws IOException {
        if (fs.exists(folder)) {
            fs.delete(folder, true);
        }
    }
}
