package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.link.Watchdog;
import io.paramavg.worker.model.ModelState;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A split allreduce (reduce-scatter, then all-gather) of example-weighted sums over a {@link Mesh} of
 * authenticated connections. The model (parameters followed by updater state, {@code N} values) is cut
 * into {@code ranks} contiguous {@link Segment}s; rank {@code j} owns segment {@code j}. Each round every
 * rank sends segment {@code j} of its local sum to rank {@code j}; each owner averages the contributions
 * of all ranks in rank order ({@link SegmentAverage}) and sends its averaged floats to every other rank.
 * Every value is therefore computed once, by one owner, with exactly the arithmetic of
 * {@link ParameterSum#merge}/{@link ParameterSum#average} taken in rank order, so every rank ends
 * bit-identical, the bits are independent of arrival order, and they equal those of merging every
 * rank's sum in rank order and averaging once.
 *
 * <p>Each rank sends and receives {@code 2 (ranks - 1) / ranks} model copies per round (the
 * bandwidth-optimal amount, as a ring's), rather than rank 0 moving {@code 2 (ranks - 1)} copies as
 * in a star through it; the adding and dividing is split {@code ranks} ways and runs on all ranks at once.
 * This class holds the round protocol and its I/O policy ({@link Reads}); the frames are
 * {@link Contributions}'. The averaged state a round returns is one of two buffer sets used in turn: it
 * stays valid through the next round (whose local sum may be built from it) and is overwritten by the
 * round after.
 *
 * <p>Deadlines: connecting, every handshake, every read ({@code SO_TIMEOUT}) and every whole round
 * ({@link Watchdog}, which also covers blocking writes) are bounded by the session's timeout. A peer
 * that dies closes its sockets (its process or the kernel does), so the others fail at once; a peer that
 * hangs, or a link that goes down, fails them within the deadline. Either way the task throws and Spark
 * fails the barrier stage.
 */
public final class SplitAllreduce implements Allreduce {

    /** How a round's reads are scheduled. */
    public enum Reads {
        /**
         * On this thread after all the writes, when every connection's send buffer can hold what one
         * rank leaves unread at another within a round (every write then completes whether or not the
         * peer reads yet, and the hand-off to reader threads, which costs most when the cores are busy,
         * is saved); otherwise as {@link #ON_THREADS}.
         */
        INLINE_WHEN_BUFFERED,
        /** On one thread per peer while this thread writes, so no two ranks can block each other. */
        ON_THREADS
    }

    private final Mesh mesh;
    private final int rank;
    private final int ranks;
    private final long timeoutMillis;
    private final Reads reads;
    private final long sendRoom;
    private final ExecutorService readers;
    private final Contributions round;
    private final SegmentAverage arithmetic;
    private final float[][] parameterResults = new float[2][];
    private final float[][] updaterResults = new float[2][];
    private int turn;

    private SplitAllreduce(Mesh mesh, long timeoutMillis, Reads reads) throws IOException {
        this.mesh = mesh;
        this.rank = mesh.rank();
        this.ranks = mesh.ranks();
        this.timeoutMillis = timeoutMillis;
        this.reads = reads;
        this.sendRoom = mesh.sendRoom();
        this.round = new Contributions(rank, ranks);
        this.arithmetic = new SegmentAverage(rank, ranks);
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
        return Mesh.listen(host, ranks);
    }

    /** Rank 0: accepts the other ranks of {@code session} on {@code listener}, then closes it. */
    public static SplitAllreduce root(ServerSocket listener, int ranks, ExchangeSession session, Reads reads)
            throws IOException {
        return new SplitAllreduce(Mesh.root(listener, ranks, session), session.timeoutMillis(), reads);
    }

    /**
     * Rank {@code rank} (not 0): connects to rank 0 at {@code rootHost:rootPort}, listening for the
     * higher ranks on {@code host} (the address Spark gave this executor), then meets the others.
     */
    public static SplitAllreduce member(int rank, int ranks, ExchangeSession session, String rootHost, int rootPort,
                                        String host, Reads reads) throws IOException {
        return new SplitAllreduce(Mesh.member(rank, ranks, session, rootHost, rootPort, host),
                session.timeoutMillis(), reads);
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
                // The socket's read timeout and the watchdog both enforce the one deadline; whichever
                // notices first, the user reads the same cause.
                throw new ExchangeException("rank " + rank + " of " + ranks + ": the round's exchange did not "
                        + "finish within " + timeoutMillis + " ms (no word from a peer)", e);
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

    /** Whether this round's reads run inline (see {@link Reads#INLINE_WHEN_BUFFERED}). */
    private boolean inline(int p, int u) {
        if (reads == Reads.ON_THREADS) {
            return false;
        }
        // Everything one rank can have unread at another within a round: a segment of doubles in, a
        // segment of floats back, the frames' headers, and (encrypted) a tag and a length per 64 KiB.
        long maxSegment = (Math.max(0, (long) p + u) + ranks - 1) / ranks + 1;
        long bytes = maxSegment * (Double.BYTES + Float.BYTES);
        return bytes + bytes / 1024 + 4096 <= sendRoom;
    }

    private Averaged reduce(ParameterSum local, long nanos, int iteration, int epoch) throws IOException {
        round.local(local, nanos);
        boolean inline = inline(round.parameters[rank], round.updaterValues[rank]);

        // Reduce-scatter: segment j of this rank's sum goes to rank j; rank j's part of every other sum comes here.
        Future<?>[] pending = new Future<?>[ranks];
        if (!inline) {
            for (int peer = 0; peer < ranks; peer++) {
                if (peer != rank) {
                    int from = peer;
                    pending[peer] = readers.submit(() -> {
                        round.read(mesh.link(from).in(), from);
                        return null;
                    });
                }
            }
        }
        for (int step = 1; step < ranks; step++) {
            int peer = (rank + step) % ranks;
            round.write(mesh.link(peer).out(), local, peer);
        }
        if (inline) {
            for (int step = 1; step < ranks; step++) {
                int peer = (rank - step + ranks) % ranks;
                round.read(mesh.link(peer).in(), peer);
            }
        } else {
            await(pending);
        }

        // Every rank's figures are known now, the same on every rank: the shape, the totals.
        int p = -1;
        int u = -1;
        int shape = -1;
        long totalExamples = 0;
        double totalLoss = 0;
        long totalCorrect = 0;
        long slowest = 0;
        int contributors = 0;
        for (int r = 0; r < ranks; r++) {
            slowest = Math.max(slowest, round.computeNanos[r]);
            if (round.kinds[r] == Contributions.EMPTY) {
                continue;
            }
            if (shape == -1) {
                p = round.parameters[r];
                u = round.updaterValues[r];
                shape = r;
            } else if (round.parameters[r] != p || round.updaterValues[r] != u) {
                throw new IllegalArgumentException("cannot average rank " + r + "'s " + round.parameters[r]
                        + " parameters and " + round.updaterValues[r] + " updater values with rank " + shape + "'s "
                        + p + " and " + u + ": the ranks trained different architectures");
            }
            totalExamples += round.examples[r];
            totalLoss += round.lossSums[r];
            totalCorrect += round.correct[r];
            contributors++;
        }
        if (totalExamples == 0) {
            throw new IllegalStateException("no shard fitted any example this round");
        }
        double meanLoss = totalLoss / totalExamples;
        float[] resultP = parameterResults[turn];
        float[] resultU = updaterResults[turn];
        if (resultP == null || resultP.length != p || resultU.length != u) {
            resultP = parameterResults[turn] = new float[p];
            resultU = updaterResults[turn] = new float[u];
        }
        turn ^= 1;
        Segment mine = Segment.of(p, u, rank, ranks);
        round.segmentFinite[rank] = arithmetic.average(round, local, mine, totalExamples, contributors, resultP,
                resultU);

        // All-gather: this rank's averaged segment to every other rank; theirs into the result arrays.
        round.encodeAveraged(mine, resultP, resultU);
        float[] gatheredP = resultP;
        float[] gatheredU = resultU;
        int ps = p;
        int us = u;
        if (!inline) {
            for (int peer = 0; peer < ranks; peer++) {
                if (peer != rank) {
                    int from = peer;
                    pending[peer] = readers.submit(() -> {
                        round.readAveraged(mesh.link(from).in(), from, Segment.of(ps, us, from, ranks), gatheredP,
                                gatheredU);
                        return null;
                    });
                }
            }
        }
        for (int step = 1; step < ranks; step++) {
            round.writeAveraged(mesh.link((rank + step) % ranks).out());
        }
        if (inline) {
            for (int step = 1; step < ranks; step++) {
                int peer = (rank - step + ranks) % ranks;
                round.readAveraged(mesh.link(peer).in(), peer, Segment.of(p, u, peer, ranks), gatheredP, gatheredU);
            }
        } else {
            await(pending);
        }
        boolean finite = Double.isFinite(meanLoss);
        for (int r = 0; r < ranks; r++) {
            finite &= round.segmentFinite[r];
        }
        return new Averaged(new ModelState(resultP, resultU, iteration, epoch), totalExamples, meanLoss, totalCorrect,
                slowest, finite);
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

    @Override
    public void close() {
        mesh.close();
        if (readers != null) {
            readers.shutdownNow();
        }
    }
}
