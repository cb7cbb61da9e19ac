package io.paramavg.bench;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.exchange.Allreduce;
import io.paramavg.worker.exchange.ExchangeSession;
import io.paramavg.worker.exchange.SplitAllreduce;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;
import io.paramavg.worker.train.ShardResult;

import java.net.ServerSocket;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What authentication and encryption cost the exchange, alone, on loopback threads of one JVM, for
 * the default model at 2 ranks (235,146 parameters and Adam's 470,292 updater values; 2.8 MB of floats
 * per model): the set-up of a stage's mesh (connections and handshakes, once per stage) and the
 * median round (reduce-scatter and all-gather), frames in clear and encrypted. The training runs'
 * per-round overhead includes the same exchange; this isolates the part security adds.
 */
final class ExchangeCost {
    static final int PARAMETERS = 235_146;
    static final int RANKS = 2;

    private ExchangeCost() {
    }

    /** Median set-up and round milliseconds, clear and encrypted, over {@code stages} meshes of {@code rounds} rounds. */
    static Map<String, Object> measure(int stages, int rounds) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ranks", RANKS);
        result.put("parameters", PARAMETERS);
        result.put("updater_values", 2 * PARAMETERS);
        result.put("stages", stages);
        result.put("rounds_per_stage", rounds);
        for (boolean encrypt : new boolean[] {false, true, false, true}) {
            // Each setting twice, interleaved, the first pass as warm-up: JIT and AES intrinsics.
            double[] setup = new double[stages];
            double[] round = new double[stages * rounds];
            for (int stage = 0; stage < stages; stage++) {
                long[][] times = stage(encrypt, rounds);
                setup[stage] = times[0][0] / 1e6;
                for (int r = 0; r < rounds; r++) {
                    round[stage * rounds + r] = times[1][r] / 1e6;
                }
            }
            String name = encrypt ? "encrypted" : "clear";
            result.put(name + "_setup_ms", median(setup));
            result.put(name + "_round_ms", median(round));
        }
        result.put("encryption_ms_per_round", (double) result.get("encrypted_round_ms")
                - (double) result.get("clear_round_ms"));
        return result;
    }

    /** One stage: {@code [setup nanos], [round nanos...]} as rank 0 saw them. */
    private static long[][] stage(boolean encrypt, int rounds) throws Exception {
        ExchangeSession session = new ExchangeSession(System.nanoTime(),
                new Security(RunSecret.generate(), encrypt), 30_000);
        ServerSocket listener = SplitAllreduce.listen("127.0.0.1", RANKS);
        int port = listener.getLocalPort();
        ExecutorService threads = Executors.newFixedThreadPool(RANKS);
        try {
            long began = System.nanoTime();
            Future<long[][]> root = threads.submit(() -> {
                try (Allreduce exchange = SplitAllreduce.root(listener, RANKS, session,
                        SplitAllreduce.Reads.INLINE_WHEN_BUFFERED)) {
                    long setup = System.nanoTime() - began;
                    return new long[][] {{setup}, rounds(exchange, rounds)};
                }
            });
            CompletableFuture<Void> member = CompletableFuture.runAsync(() -> {
                try (Allreduce exchange = SplitAllreduce.member(1, RANKS, session, "127.0.0.1", port, "127.0.0.1",
                        SplitAllreduce.Reads.INLINE_WHEN_BUFFERED)) {
                    rounds(exchange, rounds);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            long[][] times = root.get();
            member.get();
            return times;
        } finally {
            threads.shutdown();
        }
    }

    private static long[] rounds(Allreduce exchange, int rounds) throws Exception {
        float[] parameters = new float[PARAMETERS];
        float[] updater = new float[2 * PARAMETERS];
        Arrays.fill(parameters, 0.5f + exchange.rank());
        Arrays.fill(updater, 0.25f);
        long[] nanos = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            ParameterSum local = new ParameterSum().add(new ShardResult(parameters, updater, 320, 1.0, 300, 10, 0,
                    "bench"));
            long began = System.nanoTime();
            exchange.allreduce(local, 0, round, 0);
            nanos[round] = System.nanoTime() - began;
        }
        return nanos;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
