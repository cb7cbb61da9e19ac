package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.train.ShardResult;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split allreduce gives every rank the bits of {@link ParameterSum#average} over the ranks' sums
 * merged in rank order, for every mix of one-shard, several-shard and empty ranks, at segment boundaries
 * inside either array, with reads inline or on reader threads, frames in clear or encrypted, and
 * segments larger than the socket buffers; a dead or hung peer fails the others within the deadline;
 * strangers on a rank's listener take no rank.
 */
class SplitAllreduceTest {
    private static ShardResult shard(long seed, int examples) {
        return shard(seed, examples, 1000, 2000);
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
    void everyRankGetsExactlyWhatParameterSumAverageGivesInShardOrder() throws Exception {
        ShardResult[] shards = {shard(0, 32), shard(1, 32), shard(2, 20), shard(3, 31), shard(4, 7)};
        ModelState expected = new ParameterSum().add(shards[0]).add(shards[1]).add(shards[2]).add(shards[3])
                .add(shards[4]).average(17, 2);
        // Rank 0 holds shards 0 and 1, rank 1 shard 2, rank 2 shards 3 and 4: local sums, then the exchange.
        int[][] held = {{0, 1}, {2}, {3, 4}};
        List<Future<Averaged>> results = Ranks.start(3, 5000, exchange -> {
            ParameterSum local = new ParameterSum();
            for (int s : held[exchange.rank()]) {
                local.add(shards[s]);
            }
            return exchange.allreduce(local, 1000L * exchange.rank(), 17, 2);
        });
        for (Future<Averaged> result : results) {
            Averaged averaged = result.get(10, TimeUnit.SECONDS);
            assertArrayEquals(expected.parameters(), averaged.state().parameters());
            assertArrayEquals(expected.updaterState(), averaged.state().updaterState());
            assertEquals(17, averaged.state().iteration());
            assertEquals(2, averaged.state().epoch());
            assertEquals(122, averaged.examples());
            assertEquals(2000, averaged.computeNanosMax());
            assertTrue(averaged.finite());
        }
    }

    @Test
    void oneShardPerRankComesBackBitForBitAndManyRoundsStayInStep() throws Exception {
        List<Future<float[]>> results = Ranks.start(4, 5000, exchange -> {
            float[] last = null;
            for (int round = 0; round < 20; round++) {
                Averaged averaged = exchange.allreduce(new ParameterSum().add(shard(exchange.rank() + 10L * round,
                        10 + exchange.rank())), 0, round, 0);
                last = averaged.state().parameters();
            }
            return last;
        });
        ModelState expected = new ParameterSum().add(shard(190, 10)).add(shard(191, 11)).add(shard(192, 12))
                .add(shard(193, 13)).average(19, 0);
        for (Future<float[]> result : results) {
            assertArrayEquals(expected.parameters(), result.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aNonFiniteParameterIsFlaggedToEveryRank() throws Exception {
        List<Future<Averaged>> results = Ranks.start(2, 5000, exchange -> {
            ShardResult result = shard(exchange.rank(), 5);
            if (exchange.rank() == 1) {
                result.parameters()[3] = Float.NaN;
            }
            return exchange.allreduce(new ParameterSum().add(result), 0, 1, 0);
        });
        for (Future<Averaged> result : results) {
            assertFalse(result.get(10, TimeUnit.SECONDS).finite());
        }
    }

    @Test
    void aPeerThatDiesFailsTheOthersAtOnce() throws Exception {
        // A deadline far beyond the test's wait: the others can only fail in time by noticing the death.
        List<Future<Averaged>> results = Ranks.start(3, 600_000, exchange -> {
            if (exchange.rank() == 2) {
                exchange.close(); // the task died: its process closes its sockets
                throw new IllegalStateException("rank 2 died");
            }
            return exchange.allreduce(new ParameterSum().add(shard(exchange.rank(), 5)), 0, 1, 0);
        });
        // Every rank reads rank 2's contribution directly, so rank 1 fails as rank 0 does.
        for (int rank = 0; rank < 2; rank++) {
            Future<Averaged> result = results.get(rank);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> result.get(120, TimeUnit.SECONDS));
            assertInstanceOf(ExchangeException.class, failed.getCause());
            assertFalse(failed.getCause().getMessage().contains("did not finish within"),
                    "rank " + rank + " failed at the deadline, not at the death: " + failed.getCause().getMessage());
        }
    }

    @Test
    void aPeerThatHangsFailsTheOthersAtTheTimeout() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        try {
            List<Future<Averaged>> results = Ranks.start(2, 500, exchange -> {
                if (exchange.rank() == 1) {
                    released.await(); // alive, connected, silent until the test ends
                    return null;
                }
                return exchange.allreduce(new ParameterSum().add(shard(0, 5)), 0, 1, 0);
            });
            ExecutionException root = assertThrows(ExecutionException.class,
                    () -> results.get(0).get(120, TimeUnit.SECONDS));
            assertInstanceOf(ExchangeException.class, root.getCause());
            assertTrue(root.getCause().getMessage().contains("did not finish within 500 ms"),
                    root.getCause().getMessage());
        } finally {
            released.countDown();
        }
    }

    @Test
    void aMemberWhoseRootNeverAnswersFailsAtTheTimeout() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        try {
            List<Future<Averaged>> results = Ranks.start(2, 500, exchange -> {
                if (exchange.rank() == 0) {
                    released.await();
                    return null;
                }
                return exchange.allreduce(new ParameterSum().add(shard(1, 5)), 0, 1, 0);
            });
            ExecutionException member = assertThrows(ExecutionException.class,
                    () -> results.get(1).get(120, TimeUnit.SECONDS));
            assertInstanceOf(ExchangeException.class, member.getCause());
            assertTrue(member.getCause().getMessage().contains("did not finish within 500 ms"),
                    member.getCause().getMessage());
        } finally {
            released.countDown();
        }
    }

    @Test
    void everyMixOfRanksGivesParameterSumsBitsInRankOrder() throws Exception {
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
                ParameterSum rankOrder = new ParameterSum();
                ParameterSum[] locals = new ParameterSum[layout.length];
                for (int r = 0; r < layout.length; r++) {
                    locals[r] = new ParameterSum();
                    for (int s = 0; s < layout[r].length; s++) {
                        locals[r].add(shard(r * 10L + s, layout[r][s], p, u));
                    }
                }
                for (ParameterSum local : locals) {
                    rankOrder.merge(local);
                }
                ModelState expected = rankOrder.average(3, 1);
                for (int round = 0; round < 2; round++) {
                    List<Future<Averaged>> results = Ranks.start(layout.length, 5000,
                            exchange -> exchange.allreduce(locals[exchange.rank()], exchange.rank(), 3, 1));
                    for (Future<Averaged> result : results) {
                        Averaged averaged = result.get(10, TimeUnit.SECONDS);
                        assertArrayEquals(expected.parameters(), averaged.state().parameters());
                        assertArrayEquals(expected.updaterState(), averaged.state().updaterState());
                        assertEquals(rankOrder.examples(), averaged.examples());
                        assertEquals(rankOrder.meanLoss(), averaged.meanLoss());
                    }
                }
            }
        }
    }

    @Test
    void bothReadPoliciesInClearAndEncryptedGiveTheSameBits() throws Exception {
        ShardResult[] shards = {shard(0, 32), shard(1, 20), shard(2, 31)};
        ModelState expected = new ParameterSum().add(shards[0]).add(shards[1]).add(shards[2]).average(4, 0);
        for (SplitAllreduce.Reads reads : SplitAllreduce.Reads.values()) {
            for (boolean encrypt : new boolean[] {false, true}) {
                List<Future<Averaged>> results = Ranks.start(3, new Ranks.Options(5000, reads, encrypt),
                        exchange -> exchange.allreduce(new ParameterSum().add(shards[exchange.rank()]), 0, 4, 0));
                for (Future<Averaged> result : results) {
                    Averaged averaged = result.get(10, TimeUnit.SECONDS);
                    assertArrayEquals(expected.parameters(), averaged.state().parameters(), reads + ", " + encrypt);
                    assertArrayEquals(expected.updaterState(), averaged.state().updaterState(), reads + ", " + encrypt);
                }
            }
        }
    }

    @Test
    void aSegmentLargerThan4MiBArrivesWhole() throws Exception {
        // 2 ranks summing two shards each (doubles on the wire): each segment is 1.2 M values, 9.6 MB,
        // well past the 4 MiB socket buffers, so the policy real runs use must read on threads.
        int p = 1_000_000;
        int u = 1_400_000;
        ShardResult[] shards = {shard(0, 9, p, u), shard(1, 8, p, u), shard(2, 7, p, u), shard(3, 6, p, u)};
        ParameterSum[] locals = {new ParameterSum().add(shards[0]).add(shards[1]),
            new ParameterSum().add(shards[2]).add(shards[3])};
        ModelState expected = new ParameterSum().merge(new ParameterSum().add(shards[0]).add(shards[1]))
                .merge(new ParameterSum().add(shards[2]).add(shards[3])).average(1, 0);
        for (boolean encrypt : new boolean[] {false, true}) {
            List<Future<Averaged>> results = Ranks.start(2,
                    new Ranks.Options(60_000, SplitAllreduce.Reads.INLINE_WHEN_BUFFERED, encrypt),
                    exchange -> exchange.allreduce(locals[exchange.rank()], 0, 1, 0));
            for (Future<Averaged> result : results) {
                Averaged averaged = result.get(60, TimeUnit.SECONDS);
                assertArrayEquals(expected.parameters(), averaged.state().parameters());
                assertArrayEquals(expected.updaterState(), averaged.state().updaterState());
            }
        }
    }

    @Test
    void strangersOnRankZerosListenerTakeNoRank() throws Exception {
        ShardResult[] shards = {shard(0, 5), shard(1, 6), shard(2, 7)};
        ModelState expected = new ParameterSum().add(shards[0]).add(shards[1]).add(shards[2]).average(1, 0);
        ServerSocket listener = SplitAllreduce.listen("127.0.0.1", 3);
        int port = listener.getLocalPort();
        // Before any rank: one stranger who says nothing, one who sends a plausible old-style greeting.
        List<Socket> strangers = new ArrayList<>();
        strangers.add(new Socket("127.0.0.1", port));
        Socket greeter = new Socket("127.0.0.1", port);
        DataOutputStream out = new DataOutputStream(greeter.getOutputStream());
        out.writeInt(0x50415853);
        out.writeLong(7);
        out.writeInt(1);
        out.writeInt(3);
        out.flush();
        strangers.add(greeter);
        ExchangeSession session = new ExchangeSession(7, new Security(RunSecret.generate(), false), 20_000);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<Averaged>> results = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++) {
            int r = rank;
            results.add(threads.submit(() -> {
                try (Allreduce exchange = r == 0
                        ? SplitAllreduce.root(listener, 3, session, SplitAllreduce.Reads.INLINE_WHEN_BUFFERED)
                        : SplitAllreduce.member(r, 3, session, "127.0.0.1", port, "127.0.0.1",
                                SplitAllreduce.Reads.INLINE_WHEN_BUFFERED)) {
                    return exchange.allreduce(new ParameterSum().add(shards[r]), 0, 1, 0);
                }
            }));
        }
        threads.shutdown();
        try {
            for (Future<Averaged> result : results) {
                assertArrayEquals(expected.parameters(), result.get(30, TimeUnit.SECONDS).state().parameters());
            }
        } finally {
            for (Socket stranger : strangers) {
                stranger.close();
            }
        }
    }
}
