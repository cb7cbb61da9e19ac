package io.paramavg.driver.engine;

import io.paramavg.driver.data.Shard;
import io.paramavg.driver.line.SparkLine;
import io.paramavg.worker.exchange.CoordinatorClient;
import io.paramavg.worker.exchange.ExchangeException;
import io.paramavg.worker.exchange.Allreduce;
import io.paramavg.worker.exchange.ExchangeSession;
import io.paramavg.worker.exchange.SplitAllreduce;
import io.paramavg.worker.link.CipherWarmup;
import io.paramavg.worker.link.Security;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.scaling.AveragingRule;
import io.paramavg.worker.stage.StageLoop;
import io.paramavg.worker.train.NetworkPool;
import io.paramavg.worker.train.RoundSchedule;
import io.paramavg.worker.train.ShardResult;
import io.paramavg.worker.train.ShardTrainer;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What each task of a barrier stage runs, on its executor: take the shards of its partition, register
 * with the driver's coordinator, connect to the other tasks (rank = partition index), run the stage's
 * rounds with {@link StageLoop}, and hand rank 0's final state back as the stage's result.
 *
 * @param plan              the rounds to run
 * @param start             the state the stage starts from, broadcast (in the closure, Spark would warn of a
 *                          large task binary at every stage)
 * @param coordinatorHost   where the driver's coordinator listens
 * @param coordinatorPort   its port
 * @param stageKey          this submission's key (random): registrations of other stages are refused
 * @param security          the run's secret and whether frames are encrypted: it reaches the executors
 *                          only inside this closure, through Spark's own (authenticated) channel
 * @param setup             the architecture and threads
 * @param trainer           fits one shard's round
 * @param schedule          which minibatches each round covers
 * @param timeoutMillis     the longest a peer may stay silent in an exchange
 * @param rule              how each round's average becomes the next global model
 */
record StageTask(StagePlan plan, Broadcast<ModelState> start, String coordinatorHost, int coordinatorPort, long stageKey,
                 Security security, ExecutorSetup setup, ShardTrainer trainer, RoundSchedule schedule,
                 long timeoutMillis, AveragingRule rule) implements Serializable {

    /** Waiting for every task to register: the slowest may still be reading its shard from the files. */
    private static final long RENDEZVOUS_TIMEOUT_MILLIS = 120_000;

    /** Everything a stage's tasks share from stage to stage. */
    record Template(Security security, ExecutorSetup setup, ShardTrainer trainer, RoundSchedule schedule,
                    long timeoutMillis, AveragingRule rule) implements Serializable {
        StageTask task(StagePlan plan, Broadcast<ModelState> start, String coordinatorHost, int coordinatorPort, long stageKey) {
            // The tasks' closure carries this stage's secret, never the run's (Spark may keep the closure on an
            // executor's disk as a broadcast block).
            return new StageTask(plan, start, coordinatorHost, coordinatorPort, stageKey, security.forStage(stageKey),
                    setup, trainer, schedule, timeoutMillis, rule);
        }
    }

    /** As the Scala function {@code RDDBarrier.mapPartitions} takes. */
    Fn function() {
        return new Fn(this);
    }

    /** A serializable Scala function around the task. */
    static final class Fn extends AbstractFunction1<Iterator<Shard>, Iterator<StageLoop.Outcome>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final StageTask task;

        Fn(StageTask task) {
            this.task = task;
        }

        @Override
        public Iterator<StageLoop.Outcome> apply(Iterator<Shard> shards) {
            try {
                List<StageLoop.Outcome> result = task.run(shards);
                return new ScalaIterator<>(result.iterator());
            } catch (IOException e) {
                throw new UncheckedIOException("paramavg stage (epoch " + (task.plan.epoch() + 1) + ", rounds "
                        + (task.plan.firstRound() + 1) + "-" + (task.plan.lastRound() + 1) + "): " + e.getMessage(), e);
            }
        }
    }

    private List<StageLoop.Outcome> run(Iterator<Shard> partition) throws IOException {
        BarrierTaskContext context = BarrierTaskContext.get();
        SparkLine.beforeBarrierTask();
        // An executor's first stage: compile the frame cipher while the shards load and the ranks meet
        // (a no-op in local mode, where Main started it, and in every later stage).
        CipherWarmup.startOnce();
        int rank = context.partitionId();
        int ranks = context.getTaskInfos().length;
        int attempt = context.stageAttemptNumber();
        // Reading the shards first (from the cache, or from the files after a lost executor) keeps that
        // time out of the exchange deadlines: the rendezvous below waits for it.
        List<StageLoop.HeldShard> held = new ArrayList<>();
        while (partition.hasNext()) {
            Shard shard = partition.next();
            held.add(new StageLoop.HeldShard(shard.index(), shard.data()));
        }
        NetworkPool.Spec spec = setup.prepare();
        // The address Spark gave this executor (its --host): where the other tasks can reach it.
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        ExchangeSession session = new ExchangeSession(stageKey * 31 + attempt, security, timeoutMillis);
        CoordinatorClient coordinator = CoordinatorClient.connect(coordinatorHost, coordinatorPort, security, rank,
                ranks, Coordinator.HANDSHAKE_TIMEOUT_MILLIS, RENDEZVOUS_TIMEOUT_MILLIS);
        try (coordinator; ServerSocket listener = rank == 0 ? SplitAllreduce.listen(host, ranks) : null) {
            CoordinatorClient.Root root = coordinator.register(stageKey, attempt, rank, ranks,
                    ShardResult.thisProcess(), host, listener == null ? 0 : listener.getLocalPort());
            if (rank != 0) {
                coordinator.close(); // only rank 0 reports rounds
            }
            try (Allreduce exchange = rank == 0
                    ? SplitAllreduce.root(listener, ranks, session, SplitAllreduce.Reads.INLINE_WHEN_BUFFERED)
                    : SplitAllreduce.member(rank, ranks, session, root.host(), root.port(), host,
                            SplitAllreduce.Reads.INLINE_WHEN_BUFFERED)) {
                // Spark kills the surviving tasks of a failed barrier stage without interrupting them;
                // noticing it between rounds closes this task's sockets at once, so its peers stop too
                // and the slots are free for the stage's next run.
                StageLoop.RoundSink sink = stats -> {
                    if (context.isInterrupted()) {
                        throw new ExchangeException("rank " + rank + ": the stage was cancelled ("
                                + context.getKillReason().getOrElse(() -> "no reason given") + ")");
                    }
                    if (rank == 0) {
                        coordinator.report(stats);
                    }
                };
                StageLoop.Outcome outcome = NetworkPool.withNetwork(spec, network -> {
                    try {
                        return StageLoop.run(network, trainer, schedule, held, start.value(), plan.firstRound(),
                                plan.lastRound(), exchange, sink, rule);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return rank == 0 ? List.of(outcome) : Collections.emptyList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
