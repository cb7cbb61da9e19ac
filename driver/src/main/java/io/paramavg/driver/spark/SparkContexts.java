package io.paramavg.driver.spark;

import io.paramavg.worker.nd4j.BlasKernel;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The Spark context a command runs in. An already active context is joined rather than replaced,
 * which is how tests share one context per class while still going through the real command line;
 * only a context this class started is stopped by its caller.
 */
public final class SparkContexts {
    /** The master used when neither {@code --master} nor spark-submit names one: every local core. */
    public static final String DEFAULT_MASTER = "local[*]";
    private static final String LOOPBACK = "127.0.0.1";
    /** Whether this JVM has had a context from {@link #start}: a YARN cluster-mode driver must show it one. */
    private static final AtomicBoolean ANY = new AtomicBoolean();

    private SparkContexts() {
    }

    /** A started or joined context, and whether this call started it. */
    public record Handle(JavaSparkContext context, boolean started) implements AutoCloseable {
        @Override
        public void close() {
            if (started) {
                context.stop();
            }
        }
    }

    /** The master a run will use: {@code requested}, else spark-submit's {@code spark.master}, else local. */
    public static String effectiveMaster(String requested) {
        return requested != null ? requested : new SparkConf().get("spark.master", DEFAULT_MASTER);
    }

    /** Whether {@code master} runs everything in this JVM: local, local[N], local[*], local[N,F]. */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /**
     * Whether every process of {@code master} runs on this host: local modes, and a standalone or
     * local-cluster master on the loopback interface (the throw-away cluster of scripts/cluster).
     */
    public static boolean allOnThisHost(String master) {
        return master.startsWith("local") || master.matches("spark://(127\\.0\\.0\\.1|localhost)(:\\d+)?");
    }

    /**
     * Gives executors that run on this host OpenBLAS's kernel in their environment before their JVMs
     * start ({@link BlasKernel}: chosen from this CPU's flags, or the one the user set here), so that they
     * need not set it from inside a running JVM, where glibc's {@code setenv} is not thread-safe. Executors
     * on other hosts are left to choose in-process: their CPUs may lack instructions this one has, and a
     * kernel chosen here could stop them on an illegal instruction. A user's
     * {@code spark.executorEnv.OPENBLAS_CORETYPE} pins the kernel everywhere and is left alone.
     */
    static void pinBlasKernel(SparkConf conf, String master) {
        String key = "spark.executorEnv." + BlasKernel.VARIABLE;
        if (isLocal(master) || !allOnThisHost(master) || !conf.get(key, "").isBlank()) {
            return;
        }
        BlasKernel.environmentForThisMachine().forEach((name, value) -> conf.set("spark.executorEnv." + name, value));
    }

    /** Joins the active context, or starts one for {@code master} (null: spark-submit's, else local). */
    public static Handle start(String master) {
        return start(master, line -> { });
    }

    /**
     * Joins the active context, or starts one for {@code master}, telling {@code messages} where its
     * UI is. A local run is a developer's laptop on someone's network: its driver, block manager and
     * UI listen on 127.0.0.1 only, and the UI cannot kill jobs, unless the user's Spark settings say
     * otherwise. Cluster runs keep Spark's own settings, which the cluster's operators chose.
     */
    public static Handle start(String master, Consumer<String> messages) {
        long before = System.currentTimeMillis();
        String effective = effectiveMaster(master);
        SparkConf conf = new SparkConf().setAppName("paramavg").setMaster(effective);
        if (isLocal(effective)) {
            conf.setIfMissing("spark.driver.bindAddress", LOOPBACK);
            conf.setIfMissing("spark.driver.host", LOOPBACK);
            conf.setIfMissing("spark.ui.killEnabled", "false");
        } else {
            // Each task fits with spark.task.cpus native threads, but OpenMP sizes its pool from the
            // environment when ND4J loads, one thread per core by default: an idle second pool thread
            // slowed a 1-thread fit about 3x on this project's machines. scripts/paramavg sets the
            // variable for local runs; executors get it here, unless the user's Spark settings set it.
            conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
            pinBlasKernel(conf, effective);
        }
        // paramavg prints its own progress; Spark's stage bars would interleave with it.
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // A shard's result (parameters and updater state: 2.8 MB for the default MLP) is above Spark's
        // 1 MB default, which sends it through the block manager: a second fetch costing ~15 ms per
        // round. Up to the RPC message limit (128 MB by default), results now travel with the task.
        conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
        String listeners = conf.get("spark.extraListeners", "");
        conf.set("spark.extraListeners", (listeners.isEmpty() ? "" : listeners + ",") + ExecutorSlots.class.getName());
        SparkContext context = SparkContext.getOrCreate(conf);
        ANY.set(true);
        // A context that existed before this call started earlier; only a new one is ours to stop.
        boolean started = context.startTime() >= before;
        if (started && context.uiWebUrl().isDefined()) {
            messages.accept("Spark UI: " + context.uiWebUrl().get() + uiReach(effective));
        }
        return new Handle(JavaSparkContext.fromSparkContext(context), started);
    }

    /** Whether any command in this JVM has started or joined a context. */
    public static boolean anyStarted() {
        return ANY.get();
    }

    /**
     * Spark's UI binds to every interface unless the environment variable SPARK_LOCAL_IP names one,
     * and a running JVM cannot set its own environment: scripts/paramavg sets it for local runs.
     */
    private static String uiReach(String master) {
        String localIp = System.getenv("SPARK_LOCAL_IP");
        if (!isLocal(master) || LOOPBACK.equals(localIp) || "localhost".equals(localIp)) {
            return "";
        }
        return " (listening on every interface: set SPARK_LOCAL_IP=127.0.0.1, as scripts/paramavg does, to keep it "
                + "on this machine)";
    }
}
