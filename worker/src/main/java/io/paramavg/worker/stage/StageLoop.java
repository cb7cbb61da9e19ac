package io.paramavg.worker.stage;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.exchange.Averaged;
import io.paramavg.worker.exchange.RoundStats;
import io.paramavg.worker.exchange.Allreduce;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.scaling.AveragingRule;
import io.paramavg.worker.scaling.FirstMoments;
import io.paramavg.worker.train.RoundSchedule;
import io.paramavg.worker.train.ShardResult;
import io.paramavg.worker.train.ShardTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The rounds of one stage on one task. Runs on the task's own thread for the whole stage, so DL4J's
 * per-thread workspaces stay warm from round to round.
 */
public final class StageLoop {
    private StageLoop() {
    }

    /** A shard this task trains, with its index (which seeds its per-epoch order and dropout). */
    public record HeldShard(int index, LabeledRecords data) {
    }

    /** Receives each round's figures as it ends (rank 0 sends them to the driver). */
    @FunctionalInterface
    public interface RoundSink {
        void accept(RoundStats stats) throws IOException;

        RoundSink NONE = stats -> {
        };
    }

    /**
     * Where a stage ended.
     *
     * @param state  the global state after the last round run (the average, or the averaging rule's step)
     * @param rounds every round run, in order; the last one is not finite if training diverged there
     *               (the stage stops at such a round)
     */
    public record Outcome(ModelState state, List<RoundStats> rounds) implements Serializable {
        public boolean diverged() {
            return !rounds.isEmpty() && !rounds.get(rounds.size() - 1).finite();
        }
    }

    /**
     * Runs rounds {@code firstRound..lastRound} (inclusive) of {@code start.epoch()} from {@code start}:
     * each round every held shard fits its minibatches from the same state on {@code network}, the
     * local sum goes through {@code exchange}, and every rank continues from the same average.
     */
    public static Outcome run(MultiLayerNetwork network, ShardTrainer trainer, RoundSchedule schedule,
                              List<HeldShard> shards, ModelState start, int firstRound, int lastRound,
                              Allreduce exchange, RoundSink sink) throws IOException {
        return run(network, trainer, schedule, shards, start, firstRound, lastRound, exchange, sink,
                AveragingRule.PLAIN);
    }

    /**
     * As above, with {@code rule} turning each round's average into the state the next round starts
     * from (the plain average, or a block-momentum step from the round's start). Every rank applies it
     * to the same average and gets the same state, so the rule's memory needs no exchange.
     */
    public static Outcome run(MultiLayerNetwork network, ShardTrainer trainer, RoundSchedule schedule,
                              List<HeldShard> shards, ModelState start, int firstRound, int lastRound,
                              Allreduce exchange, RoundSink sink, AveragingRule rule) throws IOException {
        ModelState state = start;
        int[] firstMoments = rule.resetsFirstMoments() ? FirstMoments.ranges(network) : new int[0];
        List<RoundStats> rounds = new ArrayList<>();
        // One capture buffer per held shard, reused every round: the local sum may keep a shard's arrays
        // until the exchange has read them, so shards must not share one (nor their exchanged updater state).
        ModelState[] captured = new ModelState[shards.size()];
        float[][] exchanged = new float[shards.size()][];
        for (int round = firstRound; round <= lastRound; round++) {
            long began = System.nanoTime();
            ParameterSum local = new ParameterSum();
            ModelState from = rule.startOf(state);
            for (int s = 0; s < shards.size(); s++) {
                HeldShard shard = shards.get(s);
                ShardResult result = trainer.fit(network, shard.data(), shard.index(), from,
                        schedule.firstBatch(round), schedule.batchesInRound(round, shard.data().count()), captured[s]);
                if (result.batches() > 0) {
                    captured[s] = new ModelState(result.parameters(), result.updaterState(), 0, 0);
                }
                if (rule.resetsFirstMoments()) {
                    // The first moments stay home (for Adam a third of what a round sends): see the rule.
                    float[] updater = result.updaterState();
                    if (exchanged[s] == null) {
                        exchanged[s] = new float[rule.exchangedLength(updater.length, firstMoments)];
                    }
                    result = result.withUpdaterState(rule.exchanged(updater, firstMoments, exchanged[s]));
                }
                local.add(result);
            }
            long computed = System.nanoTime();
            Averaged averaged = exchange.allreduce(local, computed - began,
                    state.iteration() + schedule.stepsInRound(round), state.epoch());
            ModelState next = rule.next(state, averaged.state(), firstMoments);
            // A block-momentum step can overflow where the average did not. Every rank takes the same
            // step from the same average, so every rank reaches the same verdict.
            boolean finite = averaged.finite() && (rule.isPlainMean() || allFinite(next.parameters()));
            RoundStats stats = new RoundStats(state.epoch(), round, averaged.meanLoss(), averaged.examples(),
                    averaged.correct(),
                    averaged.computeNanosMax(), System.nanoTime() - began, finite);
            rounds.add(stats);
            sink.accept(stats);
            state = next;
            if (!finite) {
                // Every rank got the same verdict with the same state: all stop here, together.
                break;
            }
        }
        return new Outcome(state, rounds);
    }

    private static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
