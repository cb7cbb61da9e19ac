package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.average.Wire;
import io.paramavg.worker.model.ModelState;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * An allreduce of example-weighted sums among {@code ranks} tasks, through rank 0 (a star): every
 * other rank sends its {@link ParameterSum}; rank 0 merges its own and then each rank's in rank order
 * (so the double sums, and the floats they divide into, are the same on every run), divides with
 * {@link ParameterSum#average}, and sends the averaged float arrays back, so that every rank continues
 * from bit-identical state. Rank 0 moves {@code 2 (ranks - 1)} model copies per round; for the few
 * executors this engine targets that beats a ring's latency, and a ring (each rank moving two copies
 * whatever the count) is the step beyond a dozen ranks, not built.
 *
 * <p>Deadlines: connecting, every read ({@code SO_TIMEOUT}) and every whole round ({@link Watchdog},
 * which also covers blocking writes) are bounded by {@code timeoutMillis}. A peer that dies closes its
 * sockets (its process or the kernel does), so the others fail at once; a peer that hangs fails them
 * within the deadline. Either way the task throws and Spark fails the barrier stage.
 */
public final class StarAllreduce implements Allreduce {
    private static final int MAGIC = 0x50415852; // "PAXR"
    private static final int BUFFER = 1 << 16;
    private static final int SOCKET_BUFFER = 4 << 20;

    private final int rank;
    private final int ranks;
    private final long timeoutMillis;
    // Rank 0: one connection per other rank, indexed by rank (slot 0 unused). Others: slot 0 is rank 0.
    private final Socket[] sockets;
    private final DataInputStream[] ins;
    private final DataOutputStream[] outs;
    private byte[] writeBuffer;
    private final byte[][] readBuffer = new byte[1][];

    private StarAllreduce(int rank, int ranks, long timeoutMillis, Socket[] sockets) throws IOException {
        this.rank = rank;
        this.ranks = ranks;
        this.timeoutMillis = timeoutMillis;
        this.sockets = sockets;
        this.ins = new DataInputStream[sockets.length];
        this.outs = new DataOutputStream[sockets.length];
        for (int i = 0; i < sockets.length; i++) {
            if (sockets[i] != null) {
                ins[i] = new DataInputStream(new BufferedInputStream(sockets[i].getInputStream(), BUFFER));
                outs[i] = new DataOutputStream(new BufferedOutputStream(sockets[i].getOutputStream(), BUFFER));
            }
        }
    }

    /**
     * Rank 0's listening socket: bound to {@code host} (the address Spark gave this executor), on an
     * ephemeral port, for {@link #root} to accept the other ranks on. Open it before registering, so
     * its port can be announced.
     */
    public static ServerSocket listen(String host, int ranks) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            // Accepted sockets inherit it; the TCP window is agreed at connection time.
            listener.setReceiveBufferSize(SOCKET_BUFFER);
            listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0), Math.max(50, ranks));
        } catch (IOException e) {
            listener.close();
            throw new ExchangeException("cannot listen on " + host + " for the allreduce: " + e.getMessage(), e);
        }
        return listener;
    }

    /**
     * Rank 0: accepts the other {@code ranks - 1} ranks of session {@code session} on {@code listener}
     * and closes it (no one else is expected).
     */
    public static StarAllreduce root(ServerSocket listener, int ranks, long session, long timeoutMillis)
            throws IOException {
        Socket[] sockets = new Socket[ranks];
        try (listener) {
            listener.setSoTimeout((int) timeoutMillis);
            for (int accepted = 1; accepted < ranks; accepted++) {
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (SocketTimeoutException e) {
                    throw new ExchangeException("rank 0: only " + (accepted - 1) + " of " + (ranks - 1)
                            + " ranks connected within " + timeoutMillis + " ms", e);
                }
                configure(socket, timeoutMillis);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int magic = in.readInt();
                long theirSession = in.readLong();
                int theirRank = in.readInt();
                int theirRanks = in.readInt();
                if (magic != MAGIC || theirSession != session || theirRanks != ranks || theirRank < 1
                        || theirRank >= ranks || sockets[theirRank] != null) {
                    socket.close();
                    throw new ExchangeException("rank 0: unexpected connection from " + socket.getRemoteSocketAddress()
                            + " (rank " + theirRank + " of " + theirRanks + ", session " + theirSession + ")");
                }
                sockets[theirRank] = socket;
            }
            return new StarAllreduce(0, ranks, timeoutMillis, sockets);
        } catch (ExchangeException e) {
            closeAll(sockets);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeAll(sockets);
            throw new ExchangeException("rank 0: the other ranks could not connect: " + e, e);
        }
    }

    /** Rank {@code rank} (not 0): connects to rank 0 at {@code rootHost:rootPort}. */
    public static StarAllreduce member(int rank, int ranks, long session, String rootHost, int rootPort,
                                       long timeoutMillis) throws IOException {
        if (rank < 1 || rank >= ranks) {
            throw new IllegalArgumentException("member rank " + rank + " of " + ranks);
        }
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(SOCKET_BUFFER);
            socket.connect(new InetSocketAddress(rootHost, rootPort), (int) timeoutMillis);
            configure(socket, timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(MAGIC);
            out.writeLong(session);
            out.writeInt(rank);
            out.writeInt(ranks);
            out.flush();
            return new StarAllreduce(rank, ranks, timeoutMillis, new Socket[] {socket});
        } catch (IOException e) {
            socket.close();
            throw new ExchangeException("rank " + rank + ": cannot connect to rank 0 at " + rootHost + ":" + rootPort
                    + ": " + e.getMessage(), e);
        }
    }

    private static void configure(Socket socket, long timeoutMillis) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) timeoutMillis);
        socket.setKeepAlive(true);
        // Room for much of a model in flight, so neither side stalls on the other's reading pace.
        socket.setSendBufferSize(SOCKET_BUFFER);
    }

    public int rank() {
        return rank;
    }

    public int ranks() {
        return ranks;
    }

    /**
     * Averages this rank's {@code local} sum with every other rank's; returns the averaged state at
     * {@code iteration} and {@code epoch}, identical on every rank. {@code computeNanos} is this rank's
     * fitting time for the round, so that rank 0 can tell the slowest.
     */
    public Averaged allreduce(ParameterSum local, long computeNanos, int iteration, int epoch) throws IOException {
        try (Watchdog.Armed deadline = Watchdog.arm(timeoutMillis, this::close)) {
            try {
                return rank == 0 ? reduceAtRoot(local, computeNanos, iteration, epoch)
                        : reduceAtMember(local, computeNanos, iteration, epoch);
            } catch (SocketTimeoutException e) {
                throw new ExchangeException("rank " + rank + " of " + ranks + ": no word from a peer within "
                        + timeoutMillis + " ms", e);
            } catch (IOException e) {
                if (deadline.fired()) {
                    throw new ExchangeException("rank " + rank + " of " + ranks + ": the round's exchange did not "
                            + "finish within " + timeoutMillis + " ms", e);
                }
                throw e instanceof ExchangeException ? e : new ExchangeException("rank " + rank + " of " + ranks
                        + ": a peer went away during the exchange: " + e, e);
            }
        }
    }

    private Averaged reduceAtRoot(ParameterSum local, long computeNanos, int iteration, int epoch)
            throws IOException {
        // Rank order, whatever order the others finish in: the double sums come out the same every run.
        ParameterSum total = new ParameterSum().merge(local);
        long slowest = computeNanos;
        for (int r = 1; r < ranks; r++) {
            slowest = Math.max(slowest, ins[r].readLong());
            total.merge(ParameterSum.readFrom(ins[r], readBuffer));
        }
        ModelState state = total.average(iteration, epoch);
        // The arrays go out first and the verdict on them after, so the members receive while rank 0
        // checks every parameter (a pass over the model that would otherwise delay them all).
        for (int r = 1; r < ranks; r++) {
            DataOutputStream out = outs[r];
            out.writeLong(total.examples());
            out.writeDouble(total.meanLoss());
            out.writeLong(total.correct());
            out.writeLong(slowest);
            writeBuffer = Wire.writeFloats(out, state.parameters(), writeBuffer);
            writeBuffer = Wire.writeFloats(out, state.updaterState(), writeBuffer);
            out.flush();
        }
        boolean finite = Double.isFinite(total.meanLoss()) && allFinite(state.parameters());
        for (int r = 1; r < ranks; r++) {
            outs[r].writeBoolean(finite);
            outs[r].flush();
        }
        return new Averaged(state, total.examples(), total.meanLoss(), total.correct(), slowest, finite);
    }

    private Averaged reduceAtMember(ParameterSum local, long computeNanos, int iteration, int epoch)
            throws IOException {
        DataOutputStream out = outs[0];
        out.writeLong(computeNanos);
        writeBuffer = local.writeTo(out, writeBuffer);
        out.flush();
        DataInputStream in = ins[0];
        long examples = in.readLong();
        double meanLoss = in.readDouble();
        long correct = in.readLong();
        long slowest = in.readLong();
        float[] parameters = Wire.readFloats(in, readBuffer);
        float[] updaterState = Wire.readFloats(in, readBuffer);
        boolean finite = in.readBoolean();
        return new Averaged(new ModelState(parameters, updaterState, iteration, epoch), examples, meanLoss, correct,
                slowest, finite);
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        closeAll(sockets);
    }

    private static void closeAll(Closeable[] closeables) {
        for (Closeable c : closeables) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Nothing more to release.
                }
            }
        }
    }
}
