package io.paramavg.worker.stage;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.data.LabeledRecords;
import io.paramavg.worker.exchange.Allreduce;
import io.paramavg.worker.exchange.Averaged;
import io.paramavg.worker.exchange.Ranks;
import io.paramavg.worker.exchange.RoundStats;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.scaling.AveragingRule;
import io.paramavg.worker.scaling.FirstMoments;
import io.paramavg.worker.scaling.ScalingConfig;
import io.paramavg.worker.testing.Generated;
import io.paramavg.worker.train.Permutations;
import io.paramavg.worker.train.RoundSchedule;
import io.paramavg.worker.train.ShardTrainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.paramavg.worker.testing.FloatArrays.assertClose;
import static io.paramavg.worker.testing.FloatArrays.maxDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stages of rounds on several ranks (threads of this JVM), holding one or several shards each. */
class StageLoopTest {
    private static final long SEED = 11;
    private static final ModelConfig MODEL = Generated.model(ModelConfig.Updater.ADAM, 0.01);
    private static final LabeledRecords DATA = Generated.images(150, 3);
    private static final int SHARDS = 4;
    private static final RoundSchedule SCHEDULE = new RoundSchedule(38, 8, 2);

    /** Trains 2 epochs (a stage each) with shards dealt to ranks as {@code held} says; rank 0's state. */
    private static ModelState train(int[][] held) throws Exception {
        return train(held, AveragingRule.PLAIN, -1);
    }

    /**
     * As above under {@code rule}; with {@code splitAfter >= 0} each epoch runs as two stages, the second
     * starting after round {@code splitAfter} from the state the first handed back (a checkpoint's).
     */
    private static ModelState train(int[][] held, AveragingRule rule, int splitAfter) throws Exception {
        int[][] split = Permutations.split(DATA.count(), SHARDS, SEED);
        ModelState start = NetworkState.capture(NetworkFactory.build(MODEL, 16, 3, SEED));
        List<Future<ModelState>> results = Ranks.start(held.length, 10_000, exchange -> {
            List<StageLoop.HeldShard> shards = new ArrayList<>();
            for (int s : held[exchange.rank()]) {
                shards.add(new StageLoop.HeldShard(s, DATA.select(split[s])));
            }
            ShardTrainer trainer = new ShardTrainer(SCHEDULE.batchSize(), SEED);
            var network = NetworkFactory.build(MODEL, 16, 3, 0);
            ModelState state = start;
            int last = SCHEDULE.roundsPerEpoch() - 1;
            for (int epoch = 0; epoch < 2; epoch++) {
                state = state.at(state.iteration(), epoch);
                long examples = 0;
                for (int[] stage : splitAfter < 0 ? new int[][] {{0, last}}
                        : new int[][] {{0, splitAfter}, {splitAfter + 1, last}}) {
                    StageLoop.Outcome outcome = StageLoop.run(network, trainer, SCHEDULE, shards, state, stage[0],
                            stage[1], exchange, StageLoop.RoundSink.NONE, rule);
                    assertEquals(stage[1] - stage[0] + 1, outcome.rounds().size());
                    examples += outcome.rounds().stream().mapToLong(RoundStats::examples).sum();
                    state = outcome.state();
                }
                assertEquals(DATA.count(), examples);
            }
            return state;
        });
        ModelState first = results.get(0).get(60, TimeUnit.SECONDS);
        for (Future<ModelState> other : results) {
            assertArrayEquals(first.parameters(), other.get(60, TimeUnit.SECONDS).parameters(),
                    "every rank must hold the same state");
            assertArrayEquals(first.blockDelta(), other.get(60, TimeUnit.SECONDS).blockDelta(),
                    "every rank must hold the same block-momentum delta");
        }
        return first;
    }

    @Test
    void aTaskHoldingSeveralShardsTrainsAsOneTaskPerShard() throws Exception {
        ModelState onePerTask = train(new int[][] {{0}, {1}, {2}, {3}});
        ModelState twoPerTask = train(new int[][] {{0, 1}, {2, 3}});
        ModelState allInOne = train(new int[][] {{0, 1, 2, 3}});
        assertEquals(onePerTask.iteration(), twoPerTask.iteration());
        assertClose(onePerTask.parameters(), twoPerTask.parameters(), 1e-5);
        assertClose(onePerTask.updaterState(), twoPerTask.updaterState(), 1e-5);
        assertClose(onePerTask.parameters(), allInOne.parameters(), 1e-5);
        assertTrue(maxDifference(onePerTask.parameters(),
                NetworkState.capture(NetworkFactory.build(MODEL, 16, 3, SEED)).parameters()) > 1e-3,
                "training must have moved the parameters");
    }

    @Test
    void theSameSeedGivesTheSameParameters() throws Exception {
        assertArrayEquals(train(new int[][] {{0, 1}, {2, 3}}).parameters(),
                train(new int[][] {{0, 1}, {2, 3}}).parameters());
    }

    @Test
    void blockMomentumSplitIntoStagesAtAnyRoundEndsBitForBitAsOneStage() throws Exception {
        for (boolean lookAhead : new boolean[] {false, true}) {
            AveragingRule rule = new AveragingRule(0.6, 1.0, ScalingConfig.Moments.MEAN, lookAhead);
            ModelState whole = train(new int[][] {{0, 1}, {2, 3}}, rule, -1);
            assertTrue(whole.hasBlockDelta(), "the rule's delta is part of the state a stage hands back");
            for (int split = 0; split < SCHEDULE.roundsPerEpoch() - 1; split++) {
                ModelState resumed = train(new int[][] {{0, 1}, {2, 3}}, rule, split);
                String at = "split after round " + split + (lookAhead ? ", look-ahead" : "");
                assertArrayEquals(whole.parameters(), resumed.parameters(), at);
                assertArrayEquals(whole.updaterState(), resumed.updaterState(), at);
                assertArrayEquals(whole.blockDelta(), resumed.blockDelta(), at);
            }
        }
    }

    @Test
    void withFirstMomentsRestartingTheExchangeCarriesOnlyTheSecondMoments() throws Exception {
        int[][] split = Permutations.split(DATA.count(), SHARDS, SEED);
        var network = NetworkFactory.build(MODEL, 16, 3, 0);
        int[] firstMoments = FirstMoments.ranges(network);
        int full = (int) network.getUpdater().getStateViewArray().length();
        ModelState start = NetworkState.capture(NetworkFactory.build(MODEL, 16, 3, SEED));
        AveragingRule rule = new AveragingRule(0.5, 1.0, ScalingConfig.Moments.RESET_FIRST);
        List<Integer> exchangedLengths = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<ModelState>> results = Ranks.start(2, 10_000, exchange -> {
            Allreduce recording = new Allreduce() {
                @Override
                public int rank() {
                    return exchange.rank();
                }

                @Override
                public int ranks() {
                    return exchange.ranks();
                }

                @Override
                public Averaged allreduce(ParameterSum local, long computeNanos, int iteration, int epoch)
                        throws IOException {
                    exchangedLengths.add(local.summedUpdaterState().length);
                    return exchange.allreduce(local, computeNanos, iteration, epoch);
                }

                @Override
                public void close() {
                    exchange.close();
                }
            };
            List<StageLoop.HeldShard> shards = new ArrayList<>();
            for (int s : new int[][] {{0, 1}, {2, 3}}[exchange.rank()]) {
                shards.add(new StageLoop.HeldShard(s, DATA.select(split[s])));
            }
            return StageLoop.run(NetworkFactory.build(MODEL, 16, 3, 0), new ShardTrainer(SCHEDULE.batchSize(), SEED),
                    SCHEDULE, shards, start, 0, SCHEDULE.roundsPerEpoch() - 1, recording, StageLoop.RoundSink.NONE,
                    rule).state();
        });
        ModelState end = results.get(0).get(60, TimeUnit.SECONDS);
        assertEquals(2 * SCHEDULE.roundsPerEpoch(), exchangedLengths.size());
        assertTrue(exchangedLengths.stream().allMatch(length -> length == full - FirstMoments.covered(firstMoments)),
                "Adam's first moments (half of its state) stay home: " + exchangedLengths + " of " + full);
        assertEquals(full, end.updaterState().length, "the state comes back whole");
        for (int i = 0; i < firstMoments.length; i += 2) {
            for (int j = firstMoments[i]; j < firstMoments[i + 1]; j++) {
                assertEquals(0f, end.updaterState()[j], "first moments restart at zero");
            }
        }
        assertTrue(maxDifference(start.updaterState(), end.updaterState()) > 0, "the second moments were averaged in");
    }

    @Test
    void theLookAheadChangesWhereBlockMomentumGoes() throws Exception {
        ModelState classic = train(new int[][] {{0, 1}, {2, 3}}, new AveragingRule(0.6, 1.0,
                ScalingConfig.Moments.MEAN), -1);
        ModelState lookAhead = train(new int[][] {{0, 1}, {2, 3}}, new AveragingRule(0.6, 1.0,
                ScalingConfig.Moments.MEAN, true), -1);
        assertTrue(maxDifference(classic.parameters(), lookAhead.parameters()) > 1e-4,
                "the shards must have started from the look-ahead");
    }

    @Test
    void blockMomentumLeavesThePlainAveragesPath() throws Exception {
        ModelState plain = train(new int[][] {{0, 1}, {2, 3}});
        ModelState momentum = train(new int[][] {{0, 1}, {2, 3}}, new AveragingRule(0.6, 1.0,
                ScalingConfig.Moments.MEAN), -1);
        assertTrue(maxDifference(plain.parameters(), momentum.parameters()) > 1e-3,
                "block momentum must change where training goes");
        assertTrue(!plain.hasBlockDelta());
    }

    @Test
    void theRuleDerivedForOneShardIsThePlainAverageWhileTheManyShardRuleTrainsOneShardDifferently() throws Exception {
        // One shard must train as single-process DL4J: the defaults' rule for 1 shard is the plain average
        // (the training with it is the plain average's by definition), and that matters, because the rule
        // the same defaults give many shards (first moments restarting) trains one shard differently.
        AveragingRule derived = ScalingConfig.defaults().rule(1);
        assertEquals(AveragingRule.PLAIN, derived);
        AveragingRule manyShards = ScalingConfig.defaults().rule(64);
        assertTrue(maxDifference(train(new int[][] {{0, 1, 2, 3}}).parameters(),
                train(new int[][] {{0, 1, 2, 3}}, manyShards, -1).parameters()) > 0,
                "the many-shard rule " + manyShards + " must change one shard's training for this test to mean "
                        + "anything");
    }
}
