package io.paramavg.worker.exchange;

import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;

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

    /**
     * How the ranks exchange.
     *
     * @param timeoutMillis the exchange's deadline
     * @param reads         the I/O policy
     * @param encrypt       whether frames are encrypted
     */
    public record Options(long timeoutMillis, SplitAllreduce.Reads reads, boolean encrypt) {
        /** The policy real runs use, frames in clear. */
        public static Options plain(long timeoutMillis) {
            return new Options(timeoutMillis, SplitAllreduce.Reads.INLINE_WHEN_BUFFERED, false);
        }
    }

    private Ranks() {
    }

    /** Starts every rank with {@link Options#plain}; the futures hold each rank's result or failure. */
    public static <T> List<Future<T>> start(int n, long timeoutMillis, Work<T> work) throws Exception {
        return start(n, Options.plain(timeoutMillis), work);
    }

    /** Starts every rank; the futures hold each rank's result or failure. */
    public static <T> List<Future<T>> start(int n, Options options, Work<T> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        ServerSocket listener = SplitAllreduce.listen("127.0.0.1", n);
        int port = listener.getLocalPort();
        ExchangeSession session = new ExchangeSession(7, new Security(RunSecret.generate(), options.encrypt()),
                options.timeoutMillis());
        List<Future<T>> results = new ArrayList<>();
        for (int rank = 0; rank < n; rank++) {
            int r = rank;
            results.add(threads.submit(() -> {
                try (Allreduce exchange = r == 0 ? SplitAllreduce.root(listener, n, session, options.reads())
                        : SplitAllreduce.member(r, n, session, "127.0.0.1", port, "127.0.0.1", options.reads())) {
                    return work.run(exchange);
                }
            }));
        }
        threads.shutdown();
        return results;
    }
}
