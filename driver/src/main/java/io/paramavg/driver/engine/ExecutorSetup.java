package io.paramavg.driver.engine;

import io.paramavg.worker.nd4j.NativeSetup;
import io.paramavg.worker.nd4j.Nd4jThreads;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.model.LearningRatePlan;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.train.NetworkPool;

import java.io.Serializable;

/**
 * What every task needs to find its network and threads on its executor: small enough to ship in
 * each closure. Network reuse happens in {@link NetworkPool}, per executor JVM.
 *
 * @param model      the architecture
 * @param inputs     features per record
 * @param classes    output classes
 * @param threads    native ND4J threads per task
 * @param learningRate how the training networks' learning rate scales with the shard count
 */
public record ExecutorSetup(ModelConfig model, int inputs, int classes, int threads, LearningRatePlan learningRate)
        implements Serializable {

    /** For networks that train at the configured learning rate or only evaluate. */
    public ExecutorSetup(ModelConfig model, int inputs, int classes, int threads) {
        this(model, inputs, classes, threads, LearningRatePlan.NONE);
    }

    public static ExecutorSetup of(ModelConfig model, LabeledRecords sample, int threads) {
        return new ExecutorSetup(model, sample.features(), sample.classes(), threads);
    }

    /**
     * Makes the native settings that must precede ND4J (effective on the executor JVM's first task,
     * see {@link NativeSetup}), applies the thread limit (once per JVM) and returns the pool key for
     * this architecture.
     */
    public NetworkPool.Spec prepare() {
        NativeSetup.beforeNd4j();
        Nd4jThreads.limit(threads);
        return new NetworkPool.Spec(model, inputs, classes, learningRate);
    }
}
