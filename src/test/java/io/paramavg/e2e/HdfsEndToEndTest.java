package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.cli.Commands;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data read from, and outputs written to, a real HDFS (Hadoop's MiniDFSCluster in this JVM). */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HdfsEndToEndTest {
    @TempDir
    static java.nio.file.Path base;
    private static MiniDFSCluster hdfs;
    private static FileSystem fs;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz")) {
            try (InputStream in = HdfsEndToEndTest.class.getResourceAsStream("/paramavg/mnist-sample/" + name);
                 FSDataOutputStream out = fs.create(new Path("/datasets/mnist/" + name))) {
                in.transferTo(out);
            }
        }
    }

    @AfterAll
    static void stopHdfs() {
        hdfs.shutdown();
    }

    @Test
    void trainsFromHdfsAndWritesAModelThatLoadsBackFromHdfs() throws IOException {
        String root = fs.getUri().toString();
        int code = Commands.run(new String[] {"train", "--master", "local[2]", "--data", root + "/datasets/mnist",
            "--epochs", "2", "--out", root + "/models/run1"}, System.out, System.err);
        assertEquals(0, code);

        Path out = new Path("/models/run1");
        for (String name : List.of("model.zip", "metrics.json", "manifest.json")) {
            assertTrue(fs.exists(new Path(out, name)), name);
        }
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (org.apache.hadoop.fs.FileStatus status : fs.listStatus(out)) {
            names.add(status.getPath().getName());
        }
        assertEquals(java.util.Set.of("model.zip", "metrics.json", "manifest.json", "report.html", "checkpoints"), names,
                "no temporary files or locks may remain");
        assertEquals(java.util.List.of("checkpoint-e0001-r00000.bin", "checkpoint-e0002-r00000.bin"),
                java.util.Arrays.stream(fs.listStatus(new Path(out, "checkpoints")))
                        .map(status -> status.getPath().getName()).sorted().toList());
        JsonNode manifest;
        try (FSDataInputStream in = fs.open(new Path(out, "manifest.json"))) {
            manifest = new ObjectMapper().readTree(in);
        }
        assertTrue(manifest.get("inputs").fieldNames().next().startsWith(root + "/datasets/mnist/"),
                manifest.get("inputs").toString());
        try (FSDataInputStream in = fs.open(new Path(out, "model.zip"))) {
            MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(in, true);
            assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, model.numParams());
        }

        int again = Commands.run(new String[] {"train", "--master", "local[2]", "--data", root + "/datasets/mnist",
            "--epochs", "1", "--out", root + "/models/run1"}, System.out, System.err);
        assertEquals(2, again, "an existing model on HDFS must not be overwritten without --overwrite");
    }

    @Test
    void theRetrainingRegistryWorksOnHdfs() throws IOException {
        String registry = fs.getUri() + "/registry";
        String[] args = {"retrain", "--registry", registry, "--master", "local[2]", "--data",
            fs.getUri() + "/datasets/mnist", "--epochs", "1"};
        assertEquals(0, Commands.run(args, System.out, System.err));
        try (FSDataInputStream in = fs.open(new Path("/registry/CURRENT"))) {
            assertEquals("1", new String(in.readAllBytes()).strip());
        }
        assertTrue(fs.exists(new Path("/registry/versions/1/model.zip")));

        // Promoting again replaces CURRENT through HDFS's atomic overwriting rename. A margin of -1 promotes
        // version 2 whatever its accuracy, so the rename is exercised on every run (exit 0, CURRENT = 2).
        args[args.length - 1] = "2";
        String[] promoteAny = Stream.concat(Arrays.stream(args),
                Stream.of("--min-improvement", "-1")).toArray(String[]::new);
        assertEquals(0, Commands.run(promoteAny, System.out, System.err));
        try (FSDataInputStream in = fs.open(new Path("/registry/CURRENT"))) {
            assertEquals("2", new String(in.readAllBytes()).strip());
        }
        assertEquals(2, fs.listStatus(new Path("/registry/versions")).length);
        assertTrue(!fs.exists(new Path("/registry/.paramavg.lock")), "the lock is released");
    }
}
