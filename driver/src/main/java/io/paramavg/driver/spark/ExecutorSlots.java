package io.paramavg.driver.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * The executors' task slots as they register, so that training can wait for them. It matters
 * because shards stay where they were first computed: if the first round runs while only one
 * executor has registered, that executor computes and caches every shard, and Spark's locality
 * preference keeps all later rounds there while the others idle. Registered through
 * {@code spark.extraListeners}, so it sees every executor from the first.
 */
public final class ExecutorSlots extends SparkListener {
    private static final Map<String, Integer> CORES = new ConcurrentHashMap<>();

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
        CORES.put(added.executorId(), added.executorInfo().totalCores());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        CORES.remove(removed.executorId());
    }

    /** Executor ids start again from 0 in the next context of this JVM: forget this one's. */
    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd end) {
        CORES.clear();
    }

    /** Task slots of the registered executors, with {@code taskCpus} cores per task. */
    public static int slots(int taskCpus) {
        return CORES.values().stream().mapToInt(Integer::intValue).sum() / Math.max(1, taskCpus);
    }

    /**
     * Waits until at least {@code wanted} task slots have registered, or {@code timeoutMillis} has
     * passed; tells {@code progress} the count whenever it changes. Returns the slots registered.
     */
    public static int await(int wanted, int taskCpus, long timeoutMillis, IntConsumer progress)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int last = -1;
        while (slots(taskCpus) < wanted && System.currentTimeMillis() < deadline) {
            int now = slots(taskCpus);
            if (now != last) {
                progress.accept(now);
                last = now;
            }
            Thread.sleep(100);
        }
        return slots(taskCpus);
    }
}
