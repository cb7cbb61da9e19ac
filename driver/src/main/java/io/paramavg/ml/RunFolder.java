package io.paramavg.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where one fit's run writes: the user's {@code outputDir}, kept, or else a new local temporary
 * folder, removed on {@link #close} whether the fit succeeded or failed (a {@code CrossValidator}
 * fits many times; each used to leave a {@code paramavg-fit-*} folder behind). The temporary folder
 * is named with a {@code file:} URI, so that a Hadoop configuration whose default file system is HDFS
 * does not send the run's files to HDFS's {@code /tmp}.
 */
final class RunFolder implements AutoCloseable {
    static final String PREFIX = "paramavg-fit-";

    private final String location;
    private final Path temporary;

    private RunFolder(String location, Path temporary) {
        this.location = location;
        this.temporary = temporary;
    }

    /**
     * {@code outputDir}, or a new folder under {@code java.io.tmpdir} when it is empty. The property is
     * read at each fit (the JDK's own temporary-file helper reads it once per JVM), so a job or a test
     * that points it elsewhere gets its folders there.
     */
    static RunFolder of(String outputDir) throws IOException {
        if (!outputDir.isEmpty()) {
            return new RunFolder(outputDir, null);
        }
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), PREFIX)
                .toAbsolutePath();
        return new RunFolder("file:" + folder, folder);
    }

    /** The run's output folder, as {@code TrainingRequest} takes it. */
    String location() {
        return location;
    }

    /** Whether the folder goes away when the fit ends. */
    boolean isTemporary() {
        return temporary != null;
    }

    @Override
    public void close() {
        if (temporary == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(temporary)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the fit's temporary folder " + temporary + ": "
                    + e.getMessage(), e);
        }
    }
}
