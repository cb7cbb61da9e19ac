package io.paramavg.e2e.yarn;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An HDFS (a NameNode and one DataNode) and a YARN (a ResourceManager and one NodeManager) in this JVM, on
 * loopback, sized for the 2-core, 24 GiB development machine: the NodeManager offers {@value #NODE_MEMORY_MB}
 * MiB and {@value #NODE_VCORES} vcores, enough for a driver and two executors of 1 GiB heap each. Everything
 * it writes is under the folder it is given, which {@link #close} deletes.
 */
final class MiniHadoop implements AutoCloseable {
    static final int NODE_MEMORY_MB = 6144;
    static final int NODE_VCORES = 4;

    private final Path work;
    private final MiniDFSCluster hdfs;
    private final MiniYARNCluster yarn;

    private MiniHadoop(Path work, MiniDFSCluster hdfs, MiniYARNCluster yarn) {
        this.work = work;
        this.hdfs = hdfs;
        this.yarn = yarn;
    }

    /** Starts both under {@code work}; returns once the NodeManager has registered with the ResourceManager. */
    static MiniHadoop start(Path work) throws IOException, InterruptedException, YarnException {
        Configuration dfsConf = new Configuration();
        dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
        hdfs.waitActive();
        MiniYARNCluster yarn = null;
        try {
            yarn = startYarn(work, hdfs.getURI().toString());
            return new MiniHadoop(work, hdfs, yarn);
        } finally {
            if (yarn == null) {
                hdfs.shutdown();
            }
        }
    }

    private static MiniYARNCluster startYarn(Path work, String defaultFs) throws InterruptedException, YarnException {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(FileSystem.FS_DEFAULT_NAME_KEY, defaultFs);
        // MiniYARNCluster gives its NodeManagers this key's memory (default 4 GiB), whatever NM_PMEM_MB says.
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
        conf.setInt(YarnConfiguration.NM_VCORES, NODE_VCORES);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
        // A container's JVM reserves far more virtual memory than it uses, and ND4J's native memory is outside the
        // heap YARN sizes the container from: memory checks would kill healthy executors on a machine this small.
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A developer's nearly full disk must not mark the only node unhealthy, which would hang every test.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
        // hadoop-client-minicluster carries no capacity-scheduler.xml: one queue, all of the cluster, by hand.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // The default 10% of the node is less than one ApplicationMaster of 1.5 GiB: YARN would admit the first
        // application only by skipping the limit (with a warning), and queue any second one behind it.
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        // A real NodeManager has JAVA_HOME in its environment and passes it on; Spark starts containers with
        // $JAVA_HOME/bin/java. The test JVM may run without it, so the NodeManager sets it for every container.
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        // MiniYARNCluster puts its folders under GenericTestUtils' test folder, which this property moves
        // from the working directory into ours; restored at once, as other tests share the JVM.
        String before = System.getProperty("test.build.data");
        System.setProperty("test.build.data", work.resolve("yarn").toString());
        MiniYARNCluster yarn = new MiniYARNCluster("paramavg-yarn", 1, 1, 1);
        try {
            yarn.init(conf);
            yarn.start();
        } finally {
            if (before == null) {
                System.clearProperty("test.build.data");
            } else {
                System.setProperty("test.build.data", before);
            }
        }
        if (!yarn.waitForNodeManagersToConnect(60_000)) {
            yarn.stop();
            throw new IllegalStateException("the NodeManager did not register with the ResourceManager in 60 s");
        }
        // The ResourceManager writes its ephemeral port into the configuration after start() returns (Spark's
        // BaseYarnClusterSuite waits for it the same way); a client given port 0 would never connect.
        for (int i = 0; yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0"); i++) {
            if (i == 600) {
                yarn.stop();
                throw new IllegalStateException("the ResourceManager's address still ends with port 0 after 60 s");
            }
            Thread.sleep(100);
        }
        return yarn;
    }

    FileSystem fs() throws IOException {
        return hdfs.getFileSystem();
    }

    /** {@code hdfs://host:port}, with no trailing slash. */
    String hdfsUri() {
        return hdfs.getURI().toString();
    }

    /** The configuration a client of this cluster needs: the ResourceManager's addresses and fs.defaultFS. */
    Configuration clientConfig() {
        return yarn.getConfig();
    }

    /** The NodeManager's container log folders ({@code <dir>/<application>/<container>/stderr}). */
    List<Path> containerLogDirs() {
        return Stream.of(yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS))
                .map(dir -> dir.startsWith("file:") ? Path.of(java.net.URI.create(dir)) : Path.of(dir)).toList();
    }

    @Override
    public void close() {
        try {
            yarn.stop();
        } finally {
            hdfs.shutdown();
            deleteTree(yarn.getTestWorkDir());
            deleteTree(work.resolve("yarn").toFile());
        }
    }

    private static void deleteTree(File root) {
        if (!root.exists()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root.toPath())) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
