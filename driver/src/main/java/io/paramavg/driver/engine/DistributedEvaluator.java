package io.paramavg.driver.engine;

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
        Broadcast<ModelState> published = sc.broadcast(state);
        try {
            return testShards.map(shard -> NetworkPool.withNetwork(setup.prepare(), network -> {
                NetworkState.apply(published.value(), network);
                return ShardEvaluator.evaluate(network, shard.data());
            })).reduce((a, b) -> {
                a.merge(b);
                return a;
            });
        } finally {
            published.destroy();
        }
    }
}
