package io.paramavg.worker.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Accepts on a listening socket and runs each connection's {@link Handshake} on a pooled thread,
 * queuing those that pass. Strangers share a bounded number of handshake slots ({@link Limits}) and can
 * hold one only briefly: a real peer sends its opening bytes at once, so a connection that has not within
 * {@link Limits#openingMillis} is dropped, and the whole handshake has its deadline too. When the slots
 * are full the <em>oldest</em> unauthenticated connection is evicted to make room, never the newest, and
 * one address can hold at most {@link Limits#perSource} slots (its own oldest is evicted past that): a
 * real peer's handshake takes milliseconds, so a flood of silent or dripping connections evicts its own
 * connections, not the peer's, and a peer that is evicted all the same dials again
 * ({@link Dialer}). Where the caller knows which hosts its peers run on ({@link #admitOnly}), a
 * connection from any other is closed as soon as it is accepted. Refusals are closed without a word and
 * logged by {@link RefusedPeers}.
 */
public final class Acceptor implements AutoCloseable {
    /** After an accept error (out of file descriptors, say), how long to wait before accepting again. */
    private static final long ACCEPT_ERROR_PAUSE_MILLIS = 100;

    /**
     * How many handshakes may be in progress, from one address and in all, and how soon a connection
     * must send its opening bytes.
     *
     * @param slots         handshakes in progress at once
     * @param perSource     handshakes in progress from one remote address at once
     * @param openingMillis how long a new connection may take to send the handshake's opening bytes
     */
    public record Limits(int slots, int perSource, long openingMillis) {
        /** A task's listener: its stage's other ranks, a few at a time. */
        public static final Limits TASK = new Limits(64, 16, 5_000);
        /** The driver's coordinator: every task of a stage at once, several per executor host. */
        public static final Limits COORDINATOR = new Limits(256, 64, 5_000);

        public Limits {
            if (slots < 1 || perSource < 1 || perSource > slots || openingMillis < 1) {
                throw new IllegalArgumentException("acceptor limits: expected slots >= per-source cap >= 1 and an "
                        + "opening deadline >= 1 ms, found " + slots + ", " + perSource + ", " + openingMillis);
            }
        }
    }

    /** A handshake in progress. */
    private static final class Pending {
        final Socket socket;
        final InetAddress source;
        volatile boolean evicted;

        Pending(Socket socket) {
            this.socket = socket;
            this.source = socket.getInetAddress();
        }
    }

    private final ServerSocket listener;
    private volatile Security security;
    private final String context;
    private final ServerRole role;
    private final Limits limits;
    private final long handshakeMillis;
    private final String who;
    private final BlockingQueue<Link> passed = new LinkedBlockingQueue<>();
    /** Handshakes in progress, oldest first; guarded by itself. */
    private final Deque<Pending> inFlight = new ArrayDeque<>();
    private final ExecutorService handshakes;
    private volatile boolean closed;
    /** Which remote addresses may open a handshake at all ({@link #admitOnly}); every one until told. */
    private volatile Predicate<InetAddress> admits = address -> true;

    /**
     * From now on, closes every connection whose remote address {@code hosts} does not admit as soon as it
     * is accepted, before a byte is read or a handshake slot taken: where the caller knows which hosts its
     * peers run on, a stranger elsewhere costs an accept and a close. The test runs on the accepting thread,
     * so it must be quick (a set lookup, a refresh at most now and then).
     */
    public void admitOnly(Predicate<InetAddress> hosts) {
        if (hosts == null) {
            throw new IllegalArgumentException("a host test is required");
        }
        admits = hosts;
    }

    /**
     * From now on connections must prove {@code next}'s secret (a new stage's); handshakes already under way
     * finish with the secret they started with.
     */
    public void rekey(Security next) {
        if (next == null) {
            throw new IllegalArgumentException("a security is required");
        }
        security = next;
    }

    /**
     * Starts accepting on {@code listener} for connections that prove {@code security}'s secret under
     * {@code context} to this end in {@code role}; {@code who} names this end in log lines.
     */
    public Acceptor(ServerSocket listener, Security security, String context, ServerRole role, long handshakeMillis,
                    String who) {
        this(listener, security, context, role, Limits.TASK, handshakeMillis, who);
    }

    /** The same, with {@code limits} on the handshakes in progress. */
    public Acceptor(ServerSocket listener, Security security, String context, ServerRole role, Limits limits,
                    long handshakeMillis, String who) {
        this.listener = listener;
        this.security = security;
        this.context = context;
        this.role = role;
        this.limits = limits;
        this.handshakeMillis = handshakeMillis;
        this.who = who;
        // Threads are reused across handshakes and end when idle; at most the slots, plus the few that an
        // eviction has closed the socket under and that are returning.
        this.handshakes = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "paramavg-handshake");
            thread.setDaemon(true);
            return thread;
        });
        Thread thread = new Thread(this::acceptLoop, "paramavg-acceptor");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next connection that passed its handshake, or null if none did within {@code millis}. */
    public Link next(long millis) throws IOException {
        try {
            return passed.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for peers", e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed || listener.isClosed()) {
                    return;
                }
                // Out of file descriptors, say: the listener still stands, so keep serving once it passes.
                RefusedPeers.acceptFailed(who, e);
                pause();
                continue;
            }
            if (!admits.test(socket.getInetAddress())) {
                closeQuietly(socket);
                RefusedPeers.refused(who, socket, RefusedPeers.Reason.NOT_A_RUN_HOST);
                continue;
            }
            Pending pending = new Pending(socket);
            Pending evicted = admit(pending);
            if (evicted != null) {
                evicted.evicted = true;
                closeQuietly(evicted.socket);
                RefusedPeers.refused(who, evicted.socket, RefusedPeers.Reason.SLOTS_FULL);
            }
            try {
                handshakes.execute(() -> greet(pending));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket); // closed meanwhile
            }
        }
    }

    /** Takes a slot for {@code pending}, evicting the connection that makes room: returns it, or null. */
    private Pending admit(Pending pending) {
        synchronized (inFlight) {
            Pending victim = null;
            int fromSource = 0;
            for (Pending p : inFlight) {
                if (p.source != null && p.source.equals(pending.source)) {
                    if (fromSource++ == 0) {
                        victim = p;
                    }
                }
            }
            if (fromSource < limits.perSource()) {
                victim = inFlight.size() >= limits.slots() ? inFlight.peekFirst() : null;
            }
            if (victim != null) {
                inFlight.remove(victim);
            }
            inFlight.addLast(pending);
            return victim;
        }
    }

    private void greet(Pending pending) {
        Socket socket = pending.socket;
        Link link = null;
        try {
            socket.setTcpNoDelay(true);
            link = Handshake.accept(socket, security, context, role, limits.openingMillis(), handshakeMillis);
        } catch (IOException e) {
            closeQuietly(socket);
            if (!closed && !pending.evicted) {
                RefusedPeers.refused(who, socket, e);
            }
        }
        boolean kept;
        synchronized (inFlight) {
            // Out of the slots before it is handed on: from here neither an eviction nor close() touches it.
            kept = inFlight.remove(pending);
        }
        if (link != null) {
            if (!kept) {
                link.close(); // evicted as its handshake ended: its socket is closed already
                return;
            }
            passed.add(link);
            if (closed) {
                drain();
            }
        }
    }

    private void drain() {
        for (Link link = passed.poll(); link != null; link = passed.poll()) {
            link.close();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_ERROR_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    /** Handshakes in progress now (tests). */
    int inFlight() {
        synchronized (inFlight) {
            return inFlight.size();
        }
    }

    /**
     * Stops accepting; closes the listener, every connection still in its handshake (so their threads
     * end now, not at their deadlines) and every passed connection not taken.
     */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
        List<Pending> pending;
        synchronized (inFlight) {
            pending = new ArrayList<>(inFlight);
            inFlight.clear();
        }
        for (Pending p : pending) {
            p.evicted = true;
            closeQuietly(p.socket);
        }
        handshakes.shutdown();
        drain();
    }
}
