package io.paramavg.e2e.yarn;

import org.apache.hadoop.yarn.api.records.ContainerId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's output as the NodeManager keeps it, {@code <log dir>/<application>/<container>/stderr} and
 * {@code stdout}: what {@code yarn logs -applicationId <id> -containerId <id>} prints on a cluster (with log
 * aggregation on, which a one-node test cluster does not need, the same files are copied to HDFS when the
 * application ends).
 */
final class ContainerLogs {
    private ContainerLogs() {
    }

    /** The container's stderr, then its stdout; fails if the NodeManager has no log folder for it. */
    static String read(List<Path> logDirs, ContainerId container) throws IOException {
        String application = container.getApplicationAttemptId().getApplicationId().toString();
        for (Path dir : logDirs) {
            Path folder = dir.resolve(application).resolve(container.toString());
            if (Files.isDirectory(folder)) {
                return text(folder.resolve("stderr")) + text(folder.resolve("stdout"));
            }
        }
        throw new AssertionError("no log folder for " + container + " under " + logDirs);
    }

    private static String text(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
