package io.paramavg.worker.stage;

import io.paramavg.worker.data.LabeledImages;
import io.paramavg.worker.exchange.Ranks;
import io.paramavg.worker.exchange.RoundStats;
import io.paramavg.worker.model.ModelConfig;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.testing.Generated;
import io.paramavg.worker.train.Permutations;
import io.paramavg.worker.train.RoundSchedule;
import io.paramavg.worker.train.ShardTrainer;
import org.junit.jupiter.api.Test;

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
    private static final LabeledImages DATA = Generated.images(150, 3);
    private static final int SHARDS = 4;
    private static final RoundSchedule SCHEDULE = new RoundSchedule(38, 8, 2);

    /** Trains 2 epochs (a stage each) with shards dealt to ranks as {@code held} says; rank 0's state. */
    private static ModelState train(int[][] held) throws Exception {
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
            for (int epoch = 0; epoch < 2; epoch++) {
                StageLoop.Outcome outcome = StageLoop.run(network, trainer, SCHEDULE, shards,
                        state.at(state.iteration(), epoch), 0, SCHEDULE.roundsPerEpoch() - 1, exchange,
                        StageLoop.RoundSink.NONE);
                assertEquals(SCHEDULE.roundsPerEpoch(), outcome.rounds().size());
                long examples = outcome.rounds().stream().mapToLong(RoundStats::examples).sum();
                assertEquals(DATA.count(), examples);
                state = outcome.state();
            }
            return state;
        });
        ModelState first = results.get(0).get(60, TimeUnit.SECONDS);
        for (Future<ModelState> other : results) {
            assertArrayEquals(first.parameters(), other.get(60, TimeUnit.SECONDS).parameters(),
                    "every rank must hold the same state");
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
}
