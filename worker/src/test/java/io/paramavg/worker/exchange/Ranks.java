package io.paramavg.worker.exchange;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs {@code n} ranks of the split allreduce on threads of this JVM (as local[N] runs tasks). */
public final class Ranks {
    /** What one rank does with its connected exchange. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Allreduce exchange) throws Exception;
    }

    private Ranks() {
    }

    /** Starts every rank; the futures hold each rank's result or failure. */
    public static <T> List<Future<T>> start(int n, long timeoutMillis, Work<T> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        ServerSocket listener = SplitAllreduce.listen("127.0.0.1", n);
        int port = listener.getLocalPort();
        long session = 7;
        List<Future<T>> results = new ArrayList<>();
        for (int rank = 0; rank < n; rank++) {
            int r = rank;
            results.add(threads.submit(() -> {
                try (Allreduce exchange = r == 0 ? SplitAllreduce.root(listener, n, session, timeoutMillis)
                        : SplitAllreduce.member(r, n, session, "127.0.0.1", port, timeoutMillis)) {
                    return work.run(exchange);
                }
            }));
        }
        threads.shutdown();
        return results;
    }
}
