package io.paramavg.worker.link;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a connection whose operation outlives its deadline. Socket reads have {@code SO_TIMEOUT},
 * but blocking writes have no timeout in java.net: a peer that stops reading (a frozen process) would
 * block a writer forever once the socket buffers fill. Closing the socket from here makes the
 * blocked call throw. One daemon thread per JVM serves every exchange in it.
 */
public final class Watchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "paramavg-exchange-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private Watchdog() {
    }

    /** A deadline in progress; {@link #close} disarms it. */
    public static final class Armed implements AutoCloseable {
        private final ScheduledFuture<?> future;
        private final AtomicBoolean fired;

        private Armed(ScheduledFuture<?> future, AtomicBoolean fired) {
            this.future = future;
            this.fired = fired;
        }

        /** Whether the deadline passed and the connection was closed. */
        public boolean fired() {
            return fired.get();
        }

        @Override
        public void close() {
            future.cancel(false);
        }

        /** The same as {@link #close}, for a deadline that ends before the block that armed it. */
        public void disarm() {
            close();
        }
    }

    /** Closes {@code connection} if the returned deadline is not disarmed within {@code millis}. */
    public static Armed arm(long millis, Closeable connection) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> future = TIMER.schedule(() -> {
            fired.set(true);
            try {
                connection.close();
            } catch (IOException ignored) {
                // Closing is all that is wanted; the blocked call reports the failure.
            }
        }, millis, TimeUnit.MILLISECONDS);
        return new Armed(future, fired);
    }
}
