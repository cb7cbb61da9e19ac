package io.paramavg.driver.engine;

import io.paramavg.driver.data.Shard;
import io.paramavg.worker.eval.Scored;
import io.paramavg.worker.eval.ShardEvaluator;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.train.NetworkPool;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.evaluation.classification.Evaluation;

/** Evaluates parameters on the test shards where they live; the per-shard confusion matrices merge exactly. */
public final class DistributedEvaluator {
    private DistributedEvaluator() {
    }

    public static Evaluation evaluate(JavaSparkContext sc, JavaRDD<Shard> testShards, ExecutorSetup setup,
                                      ModelState state) {
        return score(sc, testShards, setup, state).evaluation();
    }

    /** Metrics and cross-entropy loss of {@code state} on {@code shards}, computed where they live. */
    public static Scored score(JavaSparkContext sc, JavaRDD<Shard> shards, ExecutorSetup setup, ModelState state) {
        Broadcast<ModelState> published = sc.broadcast(state);
        try {
            return shards.map(shard -> NetworkPool.withNetwork(setup.prepare(), network -> {
                NetworkState.apply(published.value(), network);
                return ShardEvaluator.score(network, shard.data());
            })).reduce(Scored::merge);
        } finally {
            published.destroy();
        }
    }
}
