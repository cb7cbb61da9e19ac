package io.paramavg.worker.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Dials a paramavg listener and passes the {@link Handshake}, dialling again with jittered exponential
 * back-off while a try fails in a way another may not (refused, reset, closed or timed out mid-handshake:
 * a listener full of strangers' connections may have evicted it), until a deadline. A definitive refusal
 * (a proof that does not match, another protocol) ends it at once. The jitter keeps the tasks of a stage,
 * which dial together, from dialling again together.
 */
public final class Dialer {
    /** The first pause between tries. */
    static final long FIRST_PAUSE_MILLIS = 50;
    /** The longest pause between tries. */
    static final long MAX_PAUSE_MILLIS = 2_000;

    /** What to set on a new socket before it connects (buffer sizes are agreed at connection time). */
    @FunctionalInterface
    public interface Setup {
        void configure(Socket socket) throws IOException;
    }

    private Dialer() {
    }

    /**
     * A link to {@code address} as {@code roles} under {@code context}: each try connects and handshakes
     * within {@code tryMillis}; tries go on until {@code deadlineMillis} from now. Throws the last
     * failure.
     */
    public static Link dial(InetSocketAddress address, Security security, String context, Roles roles, Setup setup,
                            long tryMillis, long deadlineMillis) throws IOException {
        long deadline = System.nanoTime() + deadlineMillis * 1_000_000;
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            long budget = Math.min(tryMillis, left);
            Socket socket = new Socket();
            try {
                setup.configure(socket);
                socket.connect(address, (int) budget);
                return Handshake.connect(socket, security, context, roles, budget);
            } catch (IOException e) {
                socket.close();
                if (e instanceof HandshakeException refused && !refused.retryable()) {
                    throw e;
                }
                long wait = ThreadLocalRandom.current().nextLong(pause / 2, pause + 1);
                if (System.nanoTime() + wait * 1_000_000 >= deadline) {
                    throw e;
                }
                sleep(wait);
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dialling again", e);
        }
    }
}
