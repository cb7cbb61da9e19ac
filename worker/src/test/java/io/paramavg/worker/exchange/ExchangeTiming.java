package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.train.ShardResult;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Times the exchange alone, on loopback threads, for the default MLP's size (235,146 parameters, Adam:
 * twice that in updater state): {@code java ... ExchangeTiming RANKS ROUNDS}. Prints the median and
 * 90th percentile of a round's exchange as rank 0 saw it.
 */
public final class ExchangeTiming {
    public static void main(String[] args) throws Exception {
        int ranks = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int p = 235_146;
        Ranks.Work<long[]> work = exchange -> {
            float[] params = new float[p];
            float[] updater = new float[2 * p];
            Arrays.fill(params, 0.5f + exchange.rank());
            Arrays.fill(updater, 0.25f);
            long[] nanos = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                ParameterSum local = new ParameterSum().add(new ShardResult(params, updater, 320, 1.0, 300, 10, 0, "t"));
                long began = System.nanoTime();
                exchange.allreduce(local, 0, round, 0);
                nanos[round] = System.nanoTime() - began;
            }
            return nanos;
        };
        List<Future<long[]>> results = Ranks.start(ranks, 30_000, work);
        long[] nanos = results.get(0).get();
        long[] steady = Arrays.copyOfRange(nanos, rounds / 5, rounds);
        Arrays.sort(steady);
        System.out.printf("%d ranks: median %.2f ms, p90 %.2f ms, p99 %.2f ms over %d rounds%n", ranks,
                steady[steady.length / 2] / 1e6, steady[(int) (steady.length * 0.9)] / 1e6,
                steady[(int) (steady.length * 0.99)] / 1e6, steady.length);
        for (Future<long[]> f : results) {
            f.get();
        }
        System.exit(0);
    }
}
