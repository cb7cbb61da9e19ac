package io.paramavg.worker.link;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Accepts on a listening socket and runs each connection's {@link Handshake} on a thread of its own,
 * queuing those that pass: a stranger that connects and stays silent holds one handshake thread until
 * its deadline and never delays the peers that are expected. Refusals are closed without a word and
 * logged once per address ({@link RefusedPeers}).
 */
public final class Acceptor implements AutoCloseable {
    static final int MAX_PENDING = 64;
    private final ServerSocket listener;
    private final Security security;
    private final String context;
    private final ServerRole role;
    private final long handshakeMillis;
    private final String who;
    private final BlockingQueue<Link> passed = new LinkedBlockingQueue<>();
    /** Handshakes in progress at most: past it a flood of connections is closed at once, not given threads. */
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private volatile boolean closed;

    /**
     * Starts accepting on {@code listener} for connections that prove {@code security}'s secret under
     * {@code context} to this end in {@code role}; {@code who} names this end in log lines.
     */
    public Acceptor(ServerSocket listener, Security security, String context, ServerRole role, long handshakeMillis,
                    String who) {
        this.listener = listener;
        this.security = security;
        this.context = context;
        this.role = role;
        this.handshakeMillis = handshakeMillis;
        this.who = who;
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
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                continue;
            }
            if (!pending.tryAcquire()) {
                closeQuietly(socket);
                RefusedPeers.refused(who, socket, new IOException(MAX_PENDING + " handshakes already in progress"));
                continue;
            }
            Thread handshake = new Thread(() -> {
                try {
                    greet(socket);
                } finally {
                    pending.release();
                }
            }, "paramavg-handshake");
            handshake.setDaemon(true);
            handshake.start();
        }
    }

    private void greet(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            Link link = Handshake.accept(socket, security, context, role, handshakeMillis);
            passed.add(link);
            if (closed) {
                drain();
            }
        } catch (IOException e) {
            closeQuietly(socket);
            if (!closed) {
                RefusedPeers.refused(who, socket, e);
            }
        }
    }

    private void drain() {
        for (Link link = passed.poll(); link != null; link = passed.poll()) {
            link.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    /** Stops accepting and closes the listener and every passed connection not taken. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
        drain();
    }
}
