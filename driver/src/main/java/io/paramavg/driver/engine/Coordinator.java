package io.paramavg.driver.engine;

import io.paramavg.worker.exchange.CoordinatorClient;
import io.paramavg.worker.exchange.RoundStats;
import io.paramavg.worker.link.Acceptor;
import io.paramavg.worker.link.Handshake;
import io.paramavg.worker.link.Link;
import io.paramavg.worker.link.RefusedPeers;
import io.paramavg.worker.link.Security;
import io.paramavg.worker.link.ServerRole;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The driver's side of the rendezvous, for the life of a training run: a TCP service on the driver's
 * host (ephemeral port) that every task of a barrier stage connects to once. A task registers its rank
 * and, for rank 0, the port it listens on; when every rank of the stage attempt has registered, each
 * learns rank 0's address (so the registration doubles as the stage's start barrier, at no extra cost,
 * where Spark's own {@code BarrierTaskContext.barrier()} polls at 1 s). Rank 0 keeps its connection and
 * reports each round on it. What arrives is queued as {@link Event}s for the training thread, which
 * alone talks to the listener.
 *
 * <p>Registrations are keyed by a stage key (random, fresh for every job the driver submits) and Spark's
 * stage attempt number, so the tasks of a stage Spark relaunched never meet those of the failed attempt.
 *
 * <p>Every connection must first pass the {@link Handshake} with the run's secret, binding the task's
 * rank and rank count, within {@link #HANDSHAKE_TIMEOUT_MILLIS}, in one of the bounded handshake slots of
 * an {@link Acceptor} (strangers' connections are dropped if silent at the start, and evicted oldest
 * first when the slots fill, so they cannot keep a task out; tasks dial again if evicted); until it has,
 * nothing it sends is read beyond the handshake's fixed-size fields, and only a connection that passed
 * gets a thread of its own. A connection that fails is closed without a word and logged by
 * {@link RefusedPeers}; a task that passed but is not expected is told so without the current stage.
 */
final class Coordinator implements AutoCloseable {
    private static final int HELLO_TIMEOUT_MILLIS = 60_000;
    /** A task proves itself at once: a handshake that takes longer is a stranger's (or a dead link). */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 20_000;
    /** The most ranks a stage may have: a bound on a field a task sends, before arrays are sized by it. */
    private static final int MAX_RANKS = 1 << 16;

    /** Something a task told the coordinator. */
    sealed interface Event {
        long stage();

        int attempt();
    }

    /** A task of {@code stage} registered from {@code executor}. */
    record Registered(long stage, int attempt, String executor) implements Event {
    }

    /** Every rank of the attempt registered at {@code nanos} (driver clock): the stage's rounds begin. */
    record Started(long stage, int attempt, long nanos) implements Event {
    }

    /** Rank 0 finished a round. */
    record Round(long stage, int attempt, RoundStats stats) implements Event {
    }

    private record Key(long stage, int attempt) {
    }

    /** The tasks of one stage attempt registered so far. */
    private static final class Group {
        final DataOutputStream[] replies;
        final Socket[] sockets;
        String rootHost;
        int rootPort;
        int registered;

        Group(int ranks) {
            replies = new DataOutputStream[ranks];
            sockets = new Socket[ranks];
        }
    }

    private final ServerSocket server;
    private final String advertisedHost;
    private final Acceptor acceptor;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Key, Group> groups = new HashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long currentStage = -1;
    /** The run's security: each stage's tasks prove the secret derived from it for their stage. */
    private final Security security;
    private volatile boolean closed;

    private Coordinator(ServerSocket server, String advertisedHost, Security security) {
        this.server = server;
        this.advertisedHost = advertisedHost;
        this.security = security;
        // Until a stage is expected, connections must prove the run's own secret, which no task is given.
        this.acceptor = new Acceptor(server, security, CoordinatorClient.CONTEXT, ServerRole.COORDINATOR,
                Acceptor.Limits.COORDINATOR, HANDSHAKE_TIMEOUT_MILLIS, "the paramavg coordinator");
        Thread taker = new Thread(this::takeLoop, "paramavg-coordinator");
        taker.setDaemon(true);
        taker.start();
    }

    /**
     * From now on, connections from addresses {@code hosts} does not admit are closed before a byte is read
     * ({@link RunHosts}: the hosts of the run's executors and of the driver).
     */
    void admitOnly(java.util.function.Predicate<InetAddress> hosts) {
        acceptor.admitOnly(hosts);
    }

    /** Starts the service on {@code host}, on an ephemeral port, announced to the tasks as {@code host}. */
    static Coordinator start(String host, Security security) throws IOException {
        return start(host, host, security);
    }

    /**
     * Starts the service on {@code bindHost} (the driver's {@code spark.driver.bindAddress}, which is
     * {@code spark.driver.host} unless set), on an ephemeral port; tasks are told to connect to
     * {@code advertisedHost} ({@code spark.driver.host}), as Spark's own driver endpoints are. Only
     * connections that prove they know {@code security}'s secret are served.
     */
    static Coordinator start(String bindHost, String advertisedHost, Security security) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), 0), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot start the paramavg coordinator on the driver address " + bindHost + ": "
                    + e.getMessage(), e);
        }
        return new Coordinator(server, advertisedHost, security);
    }

    /** Where tasks reach the coordinator. */
    String host() {
        return advertisedHost;
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * From now on only tasks of {@code stage} are welcome, proving that stage's secret
     * ({@link Security#forStage}); connections of earlier stages are closed (their tasks are finished or
     * failed already), and their stage's secret opens nothing any more.
     */
    synchronized void expect(long stage) {
        currentStage = stage;
        acceptor.rekey(security.forStage(stage));
        groups.entrySet().removeIf(entry -> {
            if (entry.getKey().stage() != stage) {
                closeAll(entry.getValue().sockets);
                return true;
            }
            return false;
        });
    }

    /** The next event, or null after {@code millis} without one. */
    Event poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Gives every connection that passed its handshake a thread of its own. */
    private void takeLoop() {
        while (!closed) {
            Link link;
            try {
                link = acceptor.next(1000);
            } catch (IOException e) {
                return; // interrupted: the coordinator is closing
            }
            if (link != null) {
                open.add(link.socket());
                if (closed) {
                    link.close();
                    return;
                }
                Thread handler = new Thread(() -> serve(link), "paramavg-coordinator-task");
                handler.setDaemon(true);
                handler.start();
            }
        }
    }

    private void serve(Link link) {
        Socket socket = link.socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HELLO_TIMEOUT_MILLIS);
            DataInputStream in = link.in();
            DataOutputStream out = link.out();
            int magic = in.readInt();
            if (magic != CoordinatorClient.MAGIC) {
                throw new IOException("registration magic: expected 0x" + Integer.toHexString(CoordinatorClient.MAGIC)
                        + ", found 0x" + Integer.toHexString(magic));
            }
            long stage = in.readLong();
            int attempt = in.readInt();
            int rank = in.readInt();
            int ranks = in.readInt();
            if (ranks < 1 || ranks > MAX_RANKS) {
                throw new IOException("registration's rank count: expected 1 to " + MAX_RANKS + ", found " + ranks);
            }
            if (rank != link.peerRank() || ranks != link.roles().ranks()) {
                throw new IOException("registration: expected rank " + link.peerRank() + " of "
                        + link.roles().ranks() + " (what the handshake bound), found rank " + rank + " of " + ranks);
            }
            String executor = in.readUTF();
            String host = in.readUTF();
            int port = in.readInt();
            if (!register(stage, attempt, rank, ranks, executor, host, port, socket, out)) {
                return;
            }
            if (rank == 0) {
                // Rounds may be long (large models, slow executors): the task side bounds its own waits,
                // and this connection closes with the stage.
                socket.setSoTimeout(0);
                while (in.readByte() == CoordinatorClient.ROUND) {
                    events.add(new Round(stage, attempt, RoundStats.read(in)));
                }
            }
        } catch (IOException e) {
            // The task finished (rank 0 closes after its last round) or failed; Spark reports failures.
            // One that proved the secret and then spoke nonsense is closed, and says nothing here either.
            closeQuietly(socket);
        } finally {
            open.remove(socket);
        }
    }

    private synchronized boolean register(long stage, int attempt, int rank, int ranks, String executor, String host,
                                          int port, Socket socket, DataOutputStream out) throws IOException {
        if (stage != currentStage || rank < 0 || rank >= ranks) {
            out.writeByte(CoordinatorClient.REFUSED);
            // Only tasks that proved the run's secret get here; even so the current stage is not named.
            out.writeUTF("stage " + Long.toUnsignedString(stage, 16) + " rank " + rank + " of " + ranks
                    + " is not expected: that stage is over");
            out.flush();
            socket.close();
            return false;
        }
        // A newer attempt of the stage supersedes the older ones: their tasks were failed by Spark.
        groups.entrySet().removeIf(entry -> {
            if (entry.getKey().stage() == stage && entry.getKey().attempt() < attempt) {
                closeAll(entry.getValue().sockets);
                return true;
            }
            return false;
        });
        Group group = groups.computeIfAbsent(new Key(stage, attempt), key -> new Group(ranks));
        if (group.replies.length != ranks || group.replies[rank] != null) {
            out.writeByte(CoordinatorClient.REFUSED);
            out.writeUTF("rank " + rank + " of " + ranks + " registered twice, or with another rank count");
            out.flush();
            socket.close();
            return false;
        }
        group.replies[rank] = out;
        group.sockets[rank] = socket;
        if (rank == 0) {
            group.rootHost = host;
            group.rootPort = port;
        }
        group.registered++;
        events.add(new Registered(stage, attempt, executor));
        if (group.registered == ranks) {
            events.add(new Started(stage, attempt, System.nanoTime()));
            for (int r = 0; r < ranks; r++) {
                try {
                    group.replies[r].writeByte(CoordinatorClient.OK);
                    group.replies[r].writeUTF(group.rootHost);
                    group.replies[r].writeInt(group.rootPort);
                    group.replies[r].flush();
                } catch (IOException e) {
                    // That task is gone; the others will find out when they try to reach it.
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        acceptor.close();
        closeAll(open.toArray(new Socket[0]));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    private static void closeAll(Socket[] sockets) {
        for (Socket socket : sockets) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Nothing more to release.
                }
            }
        }
    }
}
