package io.paramavg.e2e.yarn;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Spark's own jars as one archive on HDFS, for {@code spark.yarn.archive}: with it, a submission needs no Spark
 * distribution (no SPARK_HOME), and YARN localises the archive once per node and keeps it for later
 * applications (it is world-readable, so a public resource). The jars are the driver module's provided
 * classpath, {@code driver/target/spark-classpath.txt}: Spark, Scala and Hadoop's client, nothing of paramavg's,
 * which travels in the application jar.
 */
final class SparkJarsArchive {
    private SparkJarsArchive() {
    }

    /** Zips the jars listed in {@code classpathFile} into {@code target} on {@code fs}; returns its full URI. */
    static String put(java.nio.file.Path classpathFile, FileSystem fs, Path target) throws IOException {
        List<String> jars = List.of(Files.readString(classpathFile).strip().split(java.io.File.pathSeparator));
        Set<String> names = new HashSet<>();
        try (FSDataOutputStream out = fs.create(target);
             ZipOutputStream zip = new ZipOutputStream(out)) {
            // Jars are compressed already: storing them costs a little space and saves seconds of a busy CPU.
            zip.setLevel(Deflater.NO_COMPRESSION);
            for (String jar : jars) {
                java.nio.file.Path file = java.nio.file.Path.of(jar);
                String name = file.getFileName().toString();
                if (!name.endsWith(".jar")) {
                    continue;
                }
                if (!names.add(name)) {
                    throw new IllegalStateException("two jars named " + name + " in " + classpathFile);
                }
                // Spark puts the archive's root folder on the container classpath: the jars go at the top.
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return fs.makeQualified(target).toString();
    }
}
