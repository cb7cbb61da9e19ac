package io.paramavg.driver.engine;

import io.paramavg.driver.data.Shard;
import io.paramavg.worker.exchange.RoundStats;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.stage.StageLoop;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs one stage as a Spark barrier job and turns what comes back into round reports. While the job
 * runs, the training thread relays the coordinator's events to the listener (a progress line per round
 * as it happens, an executor the first time it shows up). If the job fails (an executor died, a peer
 * timed out), the stage runs again from the state it started from, in a new job: a lost executor costs
 * at most one stage. Spark may itself relaunch a failed barrier stage within the job; the attempt
 * number keeps those apart.
 */
final class StageRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
    /** Jobs per stage before the run gives up, as Spark's spark.stage.maxConsecutiveAttempts (4). */
    static final int MAX_SUBMISSIONS = 4;
    /** The longest a task waits for a peer within a round: dead peers fail at once; hung ones after this. */
    static final long EXCHANGE_TIMEOUT_MILLIS = 60_000;

    /** A finished stage: its end state and one report per round run. */
    record Result(ModelState state, List<RoundReport> rounds, boolean diverged) {
    }

    private final JavaRDD<Shard> shards;
    private final Coordinator coordinator;
    private final BarrierSlots slots;
    private final TrainingListener listener;
    private final Consumer<String> executors;
    /** Stage keys: random, so that a stranger cannot guess the stage a registration must name. */
    private static final SecureRandom KEYS = new SecureRandom();

    StageRunner(JavaRDD<Shard> shards, Coordinator coordinator, BarrierSlots slots, TrainingListener listener,
                Consumer<String> executors) {
        this.shards = shards;
        this.coordinator = coordinator;
        this.slots = slots;
        this.listener = listener;
        this.executors = executors;
    }

    Result run(StagePlan plan, ModelState start, StageTask.Template template, int roundsPerEpoch) {
        for (int submission = 1; ; submission++) {
            long key = KEYS.nextLong();
            coordinator.expect(key);
            slots.awaitForStage();
            Broadcast<ModelState> published = JavaSparkContext.fromSparkContext(shards.context()).broadcast(start);
            StageTask task = template.task(plan, published, coordinator.host(), coordinator.port(), key);
            ClassTag<StageLoop.Outcome> tag = ClassTag$.MODULE$.apply(StageLoop.Outcome.class);
            long submitted = System.nanoTime();
            RDD<StageLoop.Outcome> outcomes = shards.rdd().barrier().mapPartitions(task.function(), false, tag);
            outcomes.setName("paramavg stage: epoch " + (plan.epoch() + 1) + ", rounds " + (plan.firstRound() + 1)
                    + "-" + (plan.lastRound() + 1));
            JavaFutureAction<List<StageLoop.Outcome>> job = new JavaRDD<>(outcomes, tag).collectAsync();
            Relay relay = new Relay(key, roundsPerEpoch, submitted, "epoch " + (plan.epoch() + 1) + ", rounds "
                    + (plan.firstRound() + 1) + "-" + (plan.lastRound() + 1));
            try {
                while (!job.isDone()) {
                    relay.accept(coordinator.poll(20));
                }
                for (Coordinator.Event event = coordinator.poll(0); event != null; event = coordinator.poll(0)) {
                    relay.accept(event);
                }
                StageLoop.Outcome outcome = job.get().get(0);
                return relay.finish(outcome);
            } catch (InterruptedException e) {
                job.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (submission >= MAX_SUBMISSIONS) {
                    throw new IllegalStateException("training failed: the stage of epoch " + (plan.epoch() + 1)
                            + ", rounds " + (plan.firstRound() + 1) + "-" + (plan.lastRound() + 1) + " failed "
                            + submission + " times; the last failure: " + cause.getMessage(), cause);
                }
                LOG.warn("the stage of epoch {}, rounds {}-{} failed ({}); running it again from its start",
                        plan.epoch() + 1, plan.firstRound() + 1, plan.lastRound() + 1, cause.getMessage());
            } finally {
                published.destroy();
            }
        }
    }

    /** Turns one job's coordinator events into listener calls and reports. */
    private final class Relay {
        private final long key;
        private final int roundsPerEpoch;
        private final long submitted;
        private int attempt = -1;
        private double launchMs;
        private final List<RoundReport> delivered = new ArrayList<>();

        /** The stage as the log names it: "epoch E, rounds A-B". */
        private final String stage;

        Relay(long key, int roundsPerEpoch, long submitted, String stage) {
            this.stage = stage;
            this.key = key;
            this.roundsPerEpoch = roundsPerEpoch;
            this.submitted = submitted;
        }

        void accept(Coordinator.Event event) {
            if (event == null || event.stage() != key) {
                return;
            }
            if (event instanceof Coordinator.Registered registered) {
                executors.accept(registered.executor());
            } else if (event instanceof Coordinator.Started started) {
                // A new attempt (Spark relaunched the stage): its rounds start over, and the lost time
                // counts as launch time of its first round.
                if (attempt >= 0 && started.attempt() != attempt) {
                    LOG.warn("Spark relaunched the stage of {} (a task or executor was lost): its rounds start over "
                            + "from the stage's start", stage);
                }
                attempt = started.attempt();
                launchMs = (started.nanos() - submitted) / 1e6;
                delivered.clear();
            } else if (event instanceof Coordinator.Round round && round.attempt() == attempt) {
                deliver(round.stats());
            }
        }

        private void deliver(RoundStats stats) {
            double computeMs = stats.computeNanosMax() / 1e6;
            double roundMs = stats.roundNanos() / 1e6;
            RoundReport report = new RoundReport(stats.epoch(), stats.round(), roundsPerEpoch, stats.meanLoss(),
                    stats.examples(), stats.correct(), delivered.isEmpty() ? launchMs : 0, computeMs, Math.max(0, roundMs - computeMs));
            delivered.add(report);
            listener.onRound(report);
        }

        /** The stage's reports: those relayed live, then the rest from rank 0's own record. */
        Result finish(StageLoop.Outcome outcome) {
            List<RoundStats> rounds = outcome.rounds();
            if (delivered.size() > rounds.size()) {
                delivered.clear(); // relayed from an attempt that is not the one that finished
            }
            for (int i = delivered.size(); i < rounds.size(); i++) {
                deliver(rounds.get(i));
            }
            return new Result(outcome.state(), List.copyOf(delivered), outcome.diverged());
        }
    }
}
