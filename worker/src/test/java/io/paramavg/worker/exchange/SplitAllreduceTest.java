package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.train.ShardResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The split allreduce (the engine's) passes every test of the star's, and gives the star's bits for
 * every mix of one-shard, several-shard and empty ranks, at segment boundaries inside either array.
 */
class SplitAllreduceTest extends StarAllreduceTest {
    @Override
    <T> List<Future<T>> start(int n, long timeoutMillis, Ranks.Work<T> work) throws Exception {
        return Ranks.start(n, timeoutMillis, work);
    }

    private static ShardResult shard(long seed, int examples, int p, int u) {
        Random random = new Random(seed);
        float[] parameters = new float[p];
        float[] updater = new float[u];
        for (int i = 0; i < p; i++) {
            parameters[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < u; i++) {
            updater[i] = random.nextFloat() * (i % 7 == 0 ? -1 : 1);
        }
        return new ShardResult(parameters, updater, examples, examples * 0.25 * (seed + 1), examples / 3, 1, seed, "test");
    }

    @Test
    void everyMixOfRanksGivesTheStarsBits() throws Exception {
        // rank -> shards held (examples; 0 = a shard with nothing left this round)
        int[][][] layouts = {
            {{5}},
            {{5}, {0}},
            {{0}, {7}},
            {{3, 4}, {0}, {9}},
            {{3}, {4, 5}, {6}, {0, 2}, {8}},
            {{2}, {3}, {4}, {5}, {6}, {7}, {8}},
        };
        for (int[] sizes : new int[][] {{10, 20}, {1, 40}, {37, 0}, {3, 3}}) {
            for (int[][] layout : layouts) {
                int p = sizes[0];
                int u = sizes[1];
                ParameterSum starOrder = new ParameterSum();
                ParameterSum[] locals = new ParameterSum[layout.length];
                for (int r = 0; r < layout.length; r++) {
                    locals[r] = new ParameterSum();
                    for (int s = 0; s < layout[r].length; s++) {
                        locals[r].add(shard(r * 10L + s, layout[r][s], p, u));
                    }
                }
                for (ParameterSum local : locals) {
                    starOrder.merge(local);
                }
                ModelState expected = starOrder.average(3, 1);
                for (int round = 0; round < 2; round++) {
                    List<Future<Averaged>> results = Ranks.start(layout.length, 5000,
                            exchange -> exchange.allreduce(locals[exchange.rank()], exchange.rank(), 3, 1));
                    for (Future<Averaged> result : results) {
                        Averaged averaged = result.get(10, TimeUnit.SECONDS);
                        assertArrayEquals(expected.parameters(), averaged.state().parameters());
                        assertArrayEquals(expected.updaterState(), averaged.state().updaterState());
                        assertEquals(starOrder.examples(), averaged.examples());
                        assertEquals(starOrder.meanLoss(), averaged.meanLoss());
                    }
                }
            }
        }
    }
}
