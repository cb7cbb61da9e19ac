package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A split allreduce (reduce-scatter, then all-gather) of example-weighted sums over a full mesh of
 * direct connections. The model (parameters followed by updater state, {@code N} values) is cut into
 * {@code ranks} contiguous segments; rank {@code j} owns segment {@code j}. Each round every rank sends
 * segment {@code j} of its local sum to rank {@code j}; each owner adds the contributions of all ranks
 * <em>in rank order</em>, divides, and sends its averaged floats to every other rank. Every value is
 * therefore computed once, by one owner, with exactly the arithmetic of
 * {@link ParameterSum#merge}/{@link ParameterSum#average} taken in rank order, so every rank ends
 * bit-identical, the bits are independent of arrival order, and they equal those of merging every
 * rank's sum in rank order and averaging once.
 *
 * <p>Each rank sends and receives {@code 2 (ranks - 1) / ranks} model copies per round (the
 * bandwidth-optimal amount, as a ring's), rather than rank 0 moving {@code 2 (ranks - 1)} copies as
 * in a star through it;
 * the adding and dividing is split {@code ranks} ways and runs on all ranks at once. Reads run on one
 * thread per peer while this thread writes, so no pair of ranks can block each other on full socket
 * buffers. Buffers live as long as the exchange: a round allocates no large arrays. The averaged
 * state a round returns is one of two buffer sets used in turn: it stays valid through the next round
 * (whose local sum may be built from it) and is overwritten by the round after.
 *
 * <p>Connections: every rank listens (rank 0 on the socket {@link #listen} opened before it registered
 * with the coordinator; the others on an ephemeral port of their own host) and connects to rank 0, which
 * then tells every rank where the others listen; rank {@code i} connects to ranks {@code 1..i-1} and
 * accepts ranks {@code i+1..}.
 *
 * <p>Deadlines: connecting, every read ({@code SO_TIMEOUT}) and every whole round ({@link Watchdog},
 * which also covers blocking writes) are bounded by {@code timeoutMillis}. A peer that dies closes its
 * sockets (its process or the kernel does), so the others fail at once; a peer that hangs fails them
 * within the deadline. Either way the task throws and Spark fails the barrier stage.
 */
public final class SplitAllreduce implements Allreduce {
    private static final int MAGIC = 0x50415853; // "PAXS"
    private static final int BUFFER = 1 << 16;
    private static final int SOCKET_BUFFER = 4 << 20;
    private static final byte EMPTY = 0;
    private static final byte FLOATS = 1;
    private static final byte DOUBLES = 2;

    private final int rank;
    private final int ranks;
    private final long timeoutMillis;
    private final Socket[] sockets; // by peer rank; null at this rank
    private final DataInputStream[] ins;
    private final DataOutputStream[] outs;
    private final ExecutorService readers;

    // Per-round figures of every rank, by rank.
    private final long[] examples;
    private final double[] lossSums;
    private final long[] correct;
    private final long[] computeNanos;
    private final byte[] kinds;
    private final boolean[] segmentFinite;
    // Reused buffers: bytes in per peer, bytes out, this rank's segment as doubles and as floats.
    private final byte[][] inBytes;
    private byte[] outBytes = new byte[0];
    private byte[] resultBytes = new byte[0];
    private double[] accumulator = new double[0];
    private float[] floatScratch = new float[0];
    private double[] doubleScratch = new double[0];
    private final float[][] parameterResults = new float[2][];
    private final float[][] updaterResults = new float[2][];
    private int turn;
    // The least send buffer the kernel granted on any connection: what one write can always leave behind.
    private final long sendRoom;
    private static final boolean THREADED = Boolean.getBoolean("paramavg.exchange.threaded");

    private SplitAllreduce(int rank, int ranks, long timeoutMillis, Socket[] sockets) throws IOException {
        this.rank = rank;
        this.ranks = ranks;
        this.timeoutMillis = timeoutMillis;
        this.sockets = sockets;
        this.ins = new DataInputStream[ranks];
        this.outs = new DataOutputStream[ranks];
        for (int i = 0; i < ranks; i++) {
            if (sockets[i] != null) {
                ins[i] = new DataInputStream(new BufferedInputStream(sockets[i].getInputStream(), BUFFER));
                outs[i] = new DataOutputStream(new BufferedOutputStream(sockets[i].getOutputStream(), BUFFER));
            }
        }
        this.examples = new long[ranks];
        this.lossSums = new double[ranks];
        this.correct = new long[ranks];
        this.computeNanos = new long[ranks];
        this.kinds = new byte[ranks];
        this.segmentFinite = new boolean[ranks];
        this.inBytes = new byte[ranks][0];
        long room = Long.MAX_VALUE;
        for (Socket socket : sockets) {
            if (socket != null) {
                // Linux reports twice what it reserves for data (the rest is bookkeeping): count half.
                room = Math.min(room, socket.getSendBufferSize() / 2);
            }
        }
        this.sendRoom = room;
        this.readers = ranks == 1 ? null : Executors.newFixedThreadPool(ranks - 1, r -> {
            Thread thread = new Thread(r, "paramavg-allreduce-reader-rank" + rank);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A listening socket bound to {@code host} (the address Spark gave this executor), on an ephemeral
     * port. Rank 0 opens its own before registering with the coordinator, so that its port can be
     * announced, and hands it to {@link #root}.
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

    /** Rank 0: accepts the other ranks on {@code listener}, tells them where each listens, closes it. */
    public static SplitAllreduce root(ServerSocket listener, int ranks, long session, long timeoutMillis)
            throws IOException {
        Socket[] sockets = new Socket[ranks];
        String[] hosts = new String[ranks];
        int[] ports = new int[ranks];
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
                int theirRank = hello(in, socket, session, ranks, 1, ranks, sockets, "rank 0");
                hosts[theirRank] = in.readUTF();
                ports[theirRank] = in.readInt();
                sockets[theirRank] = socket;
            }
            for (int r = 1; r < ranks; r++) {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sockets[r].getOutputStream()));
                for (int other = 1; other < ranks; other++) {
                    out.writeUTF(hosts[other]);
                    out.writeInt(ports[other]);
                }
                out.flush();
            }
            return new SplitAllreduce(0, ranks, timeoutMillis, sockets);
        } catch (ExchangeException e) {
            closeAll(sockets);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeAll(sockets);
            throw new ExchangeException("rank 0: the other ranks could not connect: " + e, e);
        }
    }

    /**
     * Rank {@code rank} (not 0): connects to rank 0 at {@code rootHost:rootPort}, listening for the
     * higher ranks on {@code host} (the address Spark gave this executor), then meets the others.
     */
    public static SplitAllreduce member(int rank, int ranks, long session, String rootHost, int rootPort,
                                        String host, long timeoutMillis) throws IOException {
        if (rank < 1 || rank >= ranks) {
            throw new IllegalArgumentException("member rank " + rank + " of " + ranks);
        }
        Socket[] sockets = new Socket[ranks];
        boolean accepts = rank < ranks - 1;
        try (ServerSocket listener = accepts ? listen(host, ranks) : null) {
            Socket root = connect(rank, ranks, session, rootHost, rootPort, timeoutMillis, "rank 0");
            sockets[0] = root;
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(root.getOutputStream()));
            out.writeUTF(host);
            out.writeInt(listener == null ? 0 : listener.getLocalPort());
            out.flush();
            // Unbuffered: a buffer here could swallow the start of the first round, which follows at once.
            DataInputStream in = new DataInputStream(root.getInputStream());
            String[] hosts = new String[ranks];
            int[] ports = new int[ranks];
            for (int other = 1; other < ranks; other++) {
                hosts[other] = in.readUTF();
                ports[other] = in.readInt();
            }
            for (int lower = 1; lower < rank; lower++) {
                sockets[lower] = connect(rank, ranks, session, hosts[lower], ports[lower], timeoutMillis,
                        "rank " + lower);
            }
            if (listener != null) {
                listener.setSoTimeout((int) timeoutMillis);
                for (int accepted = rank + 1; accepted < ranks; accepted++) {
                    Socket socket;
                    try {
                        socket = listener.accept();
                    } catch (SocketTimeoutException e) {
                        throw new ExchangeException("rank " + rank + ": the ranks above it did not connect within "
                                + timeoutMillis + " ms", e);
                    }
                    configure(socket, timeoutMillis);
                    int theirRank = hello(new DataInputStream(socket.getInputStream()), socket, session, ranks,
                            rank + 1, ranks, sockets, "rank " + rank);
                    sockets[theirRank] = socket;
                }
            }
            return new SplitAllreduce(rank, ranks, timeoutMillis, sockets);
        } catch (ExchangeException e) {
            closeAll(sockets);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeAll(sockets);
            throw new ExchangeException("rank " + rank + ": cannot connect to the other ranks (rank 0 at " + rootHost
                    + ":" + rootPort + "): " + e, e);
        }
    }

    /** {@link #member} listening on the address this rank reaches rank 0 from (for tests on loopback). */
    public static SplitAllreduce member(int rank, int ranks, long session, String rootHost, int rootPort,
                                        long timeoutMillis) throws IOException {
        return member(rank, ranks, session, rootHost, rootPort, rootHost, timeoutMillis);
    }

    private static Socket connect(int rank, int ranks, long session, String host, int port, long timeoutMillis,
                                  String whom) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(SOCKET_BUFFER);
            socket.connect(new InetSocketAddress(host, port), (int) timeoutMillis);
            configure(socket, timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(MAGIC);
            out.writeLong(session);
            out.writeInt(rank);
            out.writeInt(ranks);
            out.flush();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new ExchangeException("rank " + rank + ": cannot connect to " + whom + " at " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks a connecting rank's greeting; returns its rank, in {@code [from, to)}. */
    private static int hello(DataInputStream in, Socket socket, long session, int ranks, int from, int to,
                             Socket[] sockets, String who) throws IOException {
        int magic = in.readInt();
        long theirSession = in.readLong();
        int theirRank = in.readInt();
        int theirRanks = in.readInt();
        if (magic != MAGIC || theirSession != session || theirRanks != ranks || theirRank < from || theirRank >= to
                || sockets[theirRank] != null) {
            socket.close();
            throw new ExchangeException(who + ": unexpected connection from " + socket.getRemoteSocketAddress()
                    + " (rank " + theirRank + " of " + theirRanks + ", session " + theirSession + ")");
        }
        return theirRank;
    }

    private static void configure(Socket socket, long timeoutMillis) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) timeoutMillis);
        socket.setKeepAlive(true);
        // Room for much of a model in flight, so neither side stalls on the other's reading pace.
        socket.setSendBufferSize(SOCKET_BUFFER);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int ranks() {
        return ranks;
    }

    @Override
    public Averaged allreduce(ParameterSum local, long computeNanos, int iteration, int epoch) throws IOException {
        try (Watchdog.Armed deadline = Watchdog.arm(timeoutMillis, this::close)) {
            try {
                return reduce(local, computeNanos, iteration, epoch);
            } catch (SocketTimeoutException e) {
                close();
                throw new ExchangeException("rank " + rank + " of " + ranks + ": no word from a peer within "
                        + timeoutMillis + " ms", e);
            } catch (RuntimeException e) {
                close(); // the peers must not wait for this rank until their deadline
                throw e;
            } catch (IOException e) {
                close();
                if (deadline.fired()) {
                    throw new ExchangeException("rank " + rank + " of " + ranks + ": the round's exchange did not "
                            + "finish within " + timeoutMillis + " ms", e);
                }
                throw e instanceof ExchangeException ? e : new ExchangeException("rank " + rank + " of " + ranks
                        + ": a peer went away during the exchange: " + e, e);
            }
        }
    }

    /** Where segment {@code j} of {@code n} values starts. */
    private long segmentStart(long n, int j) {
        return n * j / ranks;
    }

    private Averaged reduce(ParameterSum local, long nanos, int iteration, int epoch) throws IOException {
        float[] soleP = local.soleParameters();
        double[] sumP = local.summedParameters();
        int p;
        int u;
        byte kind;
        if (soleP != null) {
            kind = FLOATS;
            p = soleP.length;
            u = local.soleUpdaterState().length;
        } else if (sumP != null) {
            kind = DOUBLES;
            p = sumP.length;
            u = local.summedUpdaterState().length;
        } else {
            kind = EMPTY;
            p = -1;
            u = -1;
        }
        examples[rank] = local.examples();
        lossSums[rank] = local.lossSum();
        correct[rank] = local.correct();
        computeNanos[rank] = nanos;
        kinds[rank] = kind;

        // Reduce-scatter: segment j of this rank's sum goes to rank j; rank j's part of every other sum comes here.
        int[] sizes = new int[] {p, u};
        Future<?>[] reads = new Future<?>[ranks];
        int[][] peerSizes = new int[ranks][];
        // Everything one rank can have unread at another within a round: a segment of doubles in, a
        // segment of floats back. When the socket's send buffer holds that, every write completes whether
        // or not the peer is reading yet, so this thread can write to all and then read from all, with no
        // hand-off to reader threads (which costs most when the cores are busy); otherwise readers read
        // while this thread writes, so that no two ranks can block each other.
        long maxSegment = (Math.max(0, (long) p + u) + ranks - 1) / ranks + 1;
        boolean inline = !THREADED && maxSegment * (Double.BYTES + Float.BYTES) + 1024 <= sendRoom;
        if (!inline) {
            for (int peer = 0; peer < ranks; peer++) {
                if (peer != rank) {
                    int from = peer;
                    reads[peer] = readers.submit(() -> {
                        readContribution(from, peerSizes);
                        return null;
                    });
                }
            }
        }
        for (int step = 1; step < ranks; step++) {
            int peer = (rank + step) % ranks;
            writeContribution(outs[peer], local, kind, p, u, peer);
        }
        if (inline) {
            for (int step = 1; step < ranks; step++) {
                readContribution((rank - step + ranks) % ranks, peerSizes);
            }
        } else {
            await(reads);
        }
        // Every rank's figures are known now, the same on every rank: the shape, the totals.
        int shape = -1;
        for (int r = 0; r < ranks; r++) {
            int[] s = r == rank ? sizes : peerSizes[r];
            if (kinds[r] == EMPTY) {
                continue;
            }
            if (shape == -1) {
                p = s[0];
                u = s[1];
                shape = r;
            } else if (s[0] != p || s[1] != u) {
                throw new IllegalArgumentException("cannot average rank " + r + "'s " + s[0] + " parameters and "
                        + s[1] + " updater values with rank " + shape + "'s " + p + " and " + u
                        + ": the ranks trained different architectures");
            }
        }
        long totalExamples = 0;
        double totalLoss = 0;
        long totalCorrect = 0;
        long slowest = 0;
        int contributors = 0;
        for (int r = 0; r < ranks; r++) {
            slowest = Math.max(slowest, computeNanos[r]);
            if (kinds[r] != EMPTY) {
                totalExamples += examples[r];
                totalLoss += lossSums[r];
                totalCorrect += correct[r];
                contributors++;
            }
        }
        if (totalExamples == 0) {
            throw new IllegalStateException("no shard fitted any example this round");
        }
        double meanLoss = totalLoss / totalExamples;
        long n = (long) p + u;
        int mine0 = (int) segmentStart(n, rank);
        int mine1 = (int) segmentStart(n, rank + 1);
        float[] resultP = parameterResults[turn];
        float[] resultU = updaterResults[turn];
        if (resultP == null || resultP.length != p || resultU.length != u) {
            resultP = parameterResults[turn] = new float[p];
            resultU = updaterResults[turn] = new float[u];
        }
        turn ^= 1;
        segmentFinite[rank] = average(local, mine0, mine1, p, totalExamples, contributors, resultP, resultU);

        // All-gather: this rank's averaged segment to every other rank; theirs into the result arrays.
        int length = mine1 - mine0;
        resultBytes = atLeast(resultBytes, length * Float.BYTES);
        ByteBuffer bytes = ByteBuffer.wrap(resultBytes).order(ByteOrder.LITTLE_ENDIAN);
        putFloats(bytes, resultP, resultU, mine0, mine1);
        float[] gatheredP = resultP;
        float[] gatheredU = resultU;
        if (!inline) {
            for (int peer = 0; peer < ranks; peer++) {
                if (peer != rank) {
                    int from = peer;
                    reads[peer] = readers.submit(() -> {
                        readSegment(from, n, gatheredP, gatheredU);
                        return null;
                    });
                }
            }
        }
        for (int step = 1; step < ranks; step++) {
            DataOutputStream out = outs[(rank + step) % ranks];
            out.writeBoolean(segmentFinite[rank]);
            out.write(resultBytes, 0, length * Float.BYTES);
            out.flush();
        }
        if (inline) {
            for (int step = 1; step < ranks; step++) {
                readSegment((rank - step + ranks) % ranks, n, gatheredP, gatheredU);
            }
        } else {
            await(reads);
        }
        boolean finite = Double.isFinite(meanLoss);
        for (int r = 0; r < ranks; r++) {
            finite &= segmentFinite[r];
        }
        return new Averaged(new ModelState(resultP, resultU, iteration, epoch), totalExamples, meanLoss, totalCorrect,
                slowest, finite);
    }

    /** Sends segment {@code peer} of this rank's sum, after the round's figures. */
    private void writeContribution(DataOutputStream out, ParameterSum local, byte kind, int p, int u, int peer)
            throws IOException {
        out.writeLong(examples[rank]);
        out.writeDouble(lossSums[rank]);
        out.writeLong(correct[rank]);
        out.writeLong(computeNanos[rank]);
        out.writeByte(kind);
        out.writeInt(p);
        out.writeInt(u);
        if (kind != EMPTY) {
            long n = (long) p + u;
            int from = (int) segmentStart(n, peer);
            int to = (int) segmentStart(n, peer + 1);
            int width = kind == FLOATS ? Float.BYTES : Double.BYTES;
            outBytes = atLeast(outBytes, (to - from) * width);
            ByteBuffer bytes = ByteBuffer.wrap(outBytes).order(ByteOrder.LITTLE_ENDIAN);
            if (kind == FLOATS) {
                putFloats(bytes, local.soleParameters(), local.soleUpdaterState(), from, to);
            } else {
                putDoubles(bytes, local.summedParameters(), local.summedUpdaterState(), from, to);
            }
            out.write(outBytes, 0, (to - from) * width);
        }
        out.flush();
    }

    /** On a reader thread: peer {@code r}'s figures and its part of this rank's segment. */
    private void readContribution(int r, int[][] peerSizes) throws IOException {
        DataInputStream in = ins[r];
        examples[r] = in.readLong();
        lossSums[r] = in.readDouble();
        correct[r] = in.readLong();
        computeNanos[r] = in.readLong();
        byte kind = in.readByte();
        int p = in.readInt();
        int u = in.readInt();
        kinds[r] = kind;
        peerSizes[r] = new int[] {p, u};
        if (kind == EMPTY) {
            return;
        }
        if (kind != FLOATS && kind != DOUBLES || p < 0 || u < 0 || (long) p + u > (1L << 28)) {
            throw new IOException("malformed contribution from rank " + r + " (kind " + kind + ", " + p + " + " + u
                    + " values)");
        }
        long n = (long) p + u;
        int length = (int) (segmentStart(n, rank + 1) - segmentStart(n, rank));
        int bytes = length * (kind == FLOATS ? Float.BYTES : Double.BYTES);
        inBytes[r] = atLeast(inBytes[r], bytes);
        in.readFully(inBytes[r], 0, bytes);
    }

    /** On a reader thread: peer {@code r}'s averaged segment, into the result arrays. */
    private void readSegment(int r, long n, float[] resultP, float[] resultU) throws IOException {
        DataInputStream in = ins[r];
        segmentFinite[r] = in.readBoolean();
        int from = (int) segmentStart(n, r);
        int to = (int) segmentStart(n, r + 1);
        int bytes = (to - from) * Float.BYTES;
        inBytes[r] = atLeast(inBytes[r], bytes);
        in.readFully(inBytes[r], 0, bytes);
        getFloats(ByteBuffer.wrap(inBytes[r], 0, bytes).order(ByteOrder.LITTLE_ENDIAN), resultP, resultU, from, to);
    }

    /**
     * Averages values {@code [from, to)} of the concatenated model into the result arrays, adding the
     * ranks' contributions in rank order exactly as {@link ParameterSum#merge} would (a lone one-shard
     * contribution is copied as it is; a first float one enters as {@code 0.0 + v * examples}), then
     * dividing as {@link ParameterSum#average}; the last addition and the division share one pass.
     * Returns whether every parameter (not updater value) of the segment is finite.
     */
    private boolean average(ParameterSum local, int from, int to, int p, long total, int contributors,
                            float[] resultP, float[] resultU) {
        int length = to - from;
        if (length == 0) {
            return true;
        }
        accumulator = atLeast(accumulator, length);
        floatScratch = atLeast(floatScratch, length);
        double[] acc = accumulator;
        float[] out = floatScratch;
        int seen = 0;
        for (int r = 0; r < ranks; r++) {
            byte kind = kinds[r];
            if (kind == EMPTY) {
                continue;
            }
            seen++;
            boolean first = seen == 1;
            boolean last = seen == contributors;
            if (kind == FLOATS) {
                float[] values = floats(r, local, from, to);
                double weight = examples[r];
                if (first && last) {
                    System.arraycopy(values, 0, out, 0, length);
                } else if (first) {
                    for (int i = 0; i < length; i++) {
                        acc[i] = 0.0 + (double) values[i] * weight;
                    }
                } else if (last) {
                    for (int i = 0; i < length; i++) {
                        out[i] = (float) ((acc[i] + (double) values[i] * weight) / total);
                    }
                } else {
                    for (int i = 0; i < length; i++) {
                        acc[i] += (double) values[i] * weight;
                    }
                }
            } else {
                double[] values = doubles(r, local, from, to);
                if (first && last) {
                    for (int i = 0; i < length; i++) {
                        out[i] = (float) (values[i] / total);
                    }
                } else if (first) {
                    System.arraycopy(values, 0, acc, 0, length);
                } else if (last) {
                    for (int i = 0; i < length; i++) {
                        out[i] = (float) ((acc[i] + values[i]) / total);
                    }
                } else {
                    for (int i = 0; i < length; i++) {
                        acc[i] += values[i];
                    }
                }
            }
        }
        boolean finite = true;
        int parametersEnd = Math.max(0, Math.min(length, p - from));
        for (int i = 0; i < parametersEnd; i++) {
            finite &= Float.isFinite(out[i]);
        }
        split(out, from, to, p, resultP, resultU);
        return finite;
    }

    /** Rank {@code r}'s float contribution to this rank's segment, in {@link #floatScratch}'s companion. */
    private float[] floats(int r, ParameterSum local, int from, int to) {
        int length = to - from;
        float[] values = floatValues(length);
        if (r == rank) {
            float[] ps = local.soleParameters();
            gather(ps, local.soleUpdaterState(), from, to, values);
        } else {
            ByteBuffer.wrap(inBytes[r], 0, length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(values, 0, length);
        }
        return values;
    }

    private float[] contributionFloats = new float[0];

    private float[] floatValues(int length) {
        contributionFloats = atLeast(contributionFloats, length);
        return contributionFloats;
    }

    private double[] doubles(int r, ParameterSum local, int from, int to) {
        int length = to - from;
        doubleScratch = atLeast(doubleScratch, length);
        double[] values = doubleScratch;
        if (r == rank) {
            double[] ps = local.summedParameters();
            double[] us = local.summedUpdaterState();
            int p = ps.length;
            int inP = Math.max(0, Math.min(to, p) - from);
            if (inP > 0) {
                System.arraycopy(ps, from, values, 0, inP);
            }
            if (inP < length) {
                System.arraycopy(us, Math.max(from, p) - p, values, inP, length - inP);
            }
        } else {
            ByteBuffer.wrap(inBytes[r], 0, length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                    .get(values, 0, length);
        }
        return values;
    }

    /** Values {@code [from, to)} of the concatenation {@code ps ++ us} into {@code values}. */
    private static void gather(float[] ps, float[] us, int from, int to, float[] values) {
        int p = ps.length;
        int length = to - from;
        int inP = Math.max(0, Math.min(to, p) - from);
        if (inP > 0) {
            System.arraycopy(ps, from, values, 0, inP);
        }
        if (inP < length) {
            System.arraycopy(us, Math.max(from, p) - p, values, inP, length - inP);
        }
    }

    /** {@code values} into positions {@code [from, to)} of the concatenation {@code ps ++ us}. */
    private static void split(float[] values, int from, int to, int p, float[] ps, float[] us) {
        int length = to - from;
        int inP = Math.max(0, Math.min(to, p) - from);
        if (inP > 0) {
            System.arraycopy(values, 0, ps, from, inP);
        }
        if (inP < length) {
            System.arraycopy(values, inP, us, Math.max(from, p) - p, length - inP);
        }
    }

    private static void putFloats(ByteBuffer bytes, float[] ps, float[] us, int from, int to) {
        int p = ps.length;
        int inP = Math.max(0, Math.min(to, p) - from);
        var view = bytes.asFloatBuffer();
        if (inP > 0) {
            view.put(ps, from, inP);
        }
        if (inP < to - from) {
            view.put(us, Math.max(from, p) - p, to - from - inP);
        }
    }

    private static void putDoubles(ByteBuffer bytes, double[] ps, double[] us, int from, int to) {
        int p = ps.length;
        int inP = Math.max(0, Math.min(to, p) - from);
        var view = bytes.asDoubleBuffer();
        if (inP > 0) {
            view.put(ps, from, inP);
        }
        if (inP < to - from) {
            view.put(us, Math.max(from, p) - p, to - from - inP);
        }
    }

    private static void getFloats(ByteBuffer bytes, float[] ps, float[] us, int from, int to) {
        int p = ps.length;
        int inP = Math.max(0, Math.min(to, p) - from);
        var view = bytes.asFloatBuffer();
        if (inP > 0) {
            view.get(ps, from, inP);
        }
        if (inP < to - from) {
            view.get(us, Math.max(from, p) - p, to - from - inP);
        }
    }

    private static void await(Future<?>[] reads) throws IOException {
        IOException failure = null;
        for (Future<?> read : reads) {
            if (read == null) {
                continue;
            }
            try {
                read.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExchangeException("interrupted during the exchange", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof IOException io ? io : new IOException(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static byte[] atLeast(byte[] buf, int length) {
        return buf.length >= length ? buf : new byte[length];
    }

    private static double[] atLeast(double[] buf, int length) {
        return buf.length >= length ? buf : new double[length];
    }

    private static float[] atLeast(float[] buf, int length) {
        return buf.length >= length ? buf : new float[length];
    }

    @Override
    public void close() {
        closeAll(sockets);
        if (readers != null) {
            readers.shutdownNow();
        }
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
