package io.paramavg.driver.engine;

import io.paramavg.driver.config.ConfigException;
import io.paramavg.driver.line.SparkLine;
import io.paramavg.driver.spark.SparkContexts;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How many tasks a barrier stage may have. Spark launches a barrier stage's tasks all at once or not
 * at all, so it needs a free slot per task; a job that asks for more slots than the cluster has is
 * not refused at once but re-checked every 15 s, 40 times, before failing (10 minutes of silence).
 * So the engine asks for no more tasks than there are slots (a task then holds several shards), waits
 * for the slots before each stage, and says clearly when barrier mode cannot run at all.
 */
final class BarrierSlots {
    private final SparkContext sc;
    private final int tasks;
    private final long waitMillis;

    private BarrierSlots(SparkContext sc, int tasks, long waitMillis) {
        this.sc = sc;
        this.tasks = tasks;
        this.waitMillis = waitMillis;
    }

    /** One task per shard, or per slot when there are fewer slots than shards. */
    static BarrierSlots forShards(JavaSparkContext jsc, int shards) {
        SparkContext sc = jsc.sc();
        // Spark refuses a barrier stage under dynamic allocation (SPARK-24954); it ignores the setting
        // in local mode, and so does this check.
        if (!SparkContexts.isLocal(sc.master()) && sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new ConfigException("train.engine=paramavg trains in Spark's barrier execution mode, which does not "
                    + "work with dynamic allocation: set spark.dynamicAllocation.enabled=false and a fixed number of "
                    + "executors (--num-executors)" + (SparkLine.dl4jSparkUnavailable().isEmpty()
                    ? ", or use --engine dl4j-spark" : ""));
        }
        long waitMillis = sc.getConf().getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s");
        int slots = slots(sc);
        if (slots < 1) {
            throw new ConfigException("no executor task slots are registered with " + sc.master() + ": barrier mode "
                    + "needs at least one (are the executors' cores at least spark.task.cpus?)");
        }
        return new BarrierSlots(sc, Math.min(shards, slots), waitMillis);
    }

    /** Tasks per stage: fixed for the run, since each task's partition holds its shards. */
    int tasks() {
        return tasks;
    }

    /**
     * Before a stage: waits (up to spark.scheduler.maxRegisteredResourcesWaitingTime) until the
     * cluster has a slot per task again, as after a lost executor whose replacement is starting.
     */
    void awaitForStage() {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (slots(sc) < tasks) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("a training stage needs " + tasks + " task slots at once (Spark's "
                        + "barrier mode), but the cluster has had only " + slots(sc) + " for " + waitMillis / 1000
                        + " s: an executor was lost and not replaced");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for task slots", e);
            }
        }
    }

    /** The task slots Spark's own barrier check counts (package-private in Scala, public in bytecode). */
    private static int slots(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }
}
