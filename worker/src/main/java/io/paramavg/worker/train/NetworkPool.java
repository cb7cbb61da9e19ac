package io.paramavg.worker.train;

import io.paramavg.worker.model.LearningRatePlan;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Networks built once per JVM and reused across rounds. Building a DL4J network allocates and
 * initialises every parameter; doing that per task would cost more than a round's arithmetic. One
 * network serves one task at a time, so concurrent tasks in one executor each borrow their own.
 */
public final class NetworkPool {
    /**
     * What a pooled network must match: the architecture, its input and class counts, and the
     * learning-rate plan its updater was built with.
     */
    public record Spec(ModelConfig model, int inputs, int classes, LearningRatePlan learningRate)
            implements java.io.Serializable {
        /** A network trained at the configured learning rate, or only evaluated. */
        public Spec(ModelConfig model, int inputs, int classes) {
            this(model, inputs, classes, LearningRatePlan.NONE);
        }
    }

    private static final Map<Spec, Queue<MultiLayerNetwork>> IDLE = new ConcurrentHashMap<>();

    private NetworkPool() {
    }

    /**
     * Runs {@code work} with a network for {@code spec}, borrowed from the pool or built. Its
     * parameters are whatever the last user left; callers load their own state first.
     */
    public static <T> T withNetwork(Spec spec, Function<MultiLayerNetwork, T> work) {
        Queue<MultiLayerNetwork> idle = IDLE.computeIfAbsent(spec, s -> new ConcurrentLinkedQueue<>());
        MultiLayerNetwork network = idle.poll();
        if (network == null) {
            // The seed only matters for initial weights, which callers always overwrite.
            network = NetworkFactory.build(spec.model(), spec.inputs(), spec.classes(), 0L, spec.learningRate());
        }
        try {
            return work.apply(network);
        } finally {
            idle.add(network);
        }
    }
}
