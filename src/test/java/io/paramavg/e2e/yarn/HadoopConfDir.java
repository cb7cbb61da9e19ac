package io.paramavg.e2e.yarn;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration folder a YARN client reads, as a cluster's edge node has one in {@code /etc/hadoop/conf}:
 * {@code core-site.xml} names the default file system and {@code yarn-site.xml} the ResourceManager. Only
 * what differs from Hadoop's defaults is written, so the files read like a hand-written folder. The launcher
 * and spark-submit find it through {@code HADOOP_CONF_DIR} and {@code YARN_CONF_DIR}; Spark ships it to the
 * ApplicationMaster and the executors.
 */
final class HadoopConfDir {
    private HadoopConfDir() {
    }

    /** Writes the folder for a client of {@code cluster} (its running configuration) and returns it. */
    static Path write(Path dir, Configuration cluster) throws IOException {
        Files.createDirectories(dir);
        Configuration core = new Configuration(false);
        core.set(FileSystem.FS_DEFAULT_NAME_KEY, cluster.get(FileSystem.FS_DEFAULT_NAME_KEY));
        save(core, dir.resolve("core-site.xml"));

        Configuration defaults = new YarnConfiguration();
        Configuration yarn = new Configuration(false);
        for (Map.Entry<String, String> entry : cluster) {
            String key = entry.getKey();
            if (key.startsWith("yarn.") && !Objects.equals(defaults.get(key), cluster.get(key))) {
                yarn.set(key, cluster.get(key));
            }
        }
        save(yarn, dir.resolve("yarn-site.xml"));
        return dir;
    }

    private static void save(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }
}
