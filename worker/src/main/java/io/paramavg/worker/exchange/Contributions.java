package io.paramavg.worker.exchange;

import io.paramavg.worker.average.ParameterSum;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One round's contributions as the exchange frames them, and what this rank received of them.
 *
 * <p>Reduce-scatter frame, rank {@code r} to the owner of a segment: {@code examples (long), loss sum
 * (double), correct (long), compute nanos (long), kind (byte: EMPTY, FLOATS or DOUBLES), parameters
 * (int), updater values (int)}, then, unless EMPTY, the segment's values (little-endian). All-gather
 * frame, owner to every rank: {@code finite (boolean)}, then the averaged segment as floats. Sizes are
 * checked before any buffer is sized by them: a rank with a model of its own accepts only that shape;
 * one without accepts at most {@link #MAX_VALUES}. Buffers live as long as the exchange.
 */
final class Contributions {
    static final byte EMPTY = 0;
    static final byte FLOATS = 1;
    static final byte DOUBLES = 2;
    /** The most values a model may have on the wire (1 GiB of floats): a bound on a length field, not a model. */
    static final long MAX_VALUES = 1L << 28;

    private final int rank;
    private final int ranks;
    // Per-round figures of every rank, by rank.
    final long[] examples;
    final double[] lossSums;
    final long[] correct;
    final long[] computeNanos;
    final byte[] kinds;
    final int[] parameters;
    final int[] updaterValues;
    final boolean[] segmentFinite;
    // Bytes in, by peer; bytes out.
    private final byte[][] inBytes;
    private byte[] outBytes = new byte[0];
    private int averagedBytes;

    Contributions(int rank, int ranks) {
        this.rank = rank;
        this.ranks = ranks;
        examples = new long[ranks];
        lossSums = new double[ranks];
        correct = new long[ranks];
        computeNanos = new long[ranks];
        kinds = new byte[ranks];
        parameters = new int[ranks];
        updaterValues = new int[ranks];
        segmentFinite = new boolean[ranks];
        inBytes = new byte[ranks][0];
    }

    /** Records this rank's own figures for the round. */
    void local(ParameterSum local, long nanos) {
        byte kind;
        int p;
        int u;
        if (local.soleParameters() != null) {
            kind = FLOATS;
            p = local.soleParameters().length;
            u = local.soleUpdaterState().length;
        } else if (local.summedParameters() != null) {
            kind = DOUBLES;
            p = local.summedParameters().length;
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
        parameters[rank] = p;
        updaterValues[rank] = u;
    }

    /** Sends segment {@code peer} of this rank's sum, after the round's figures. */
    void write(DataOutputStream out, ParameterSum local, int peer) throws IOException {
        byte kind = kinds[rank];
        int p = parameters[rank];
        int u = updaterValues[rank];
        out.writeLong(examples[rank]);
        out.writeDouble(lossSums[rank]);
        out.writeLong(correct[rank]);
        out.writeLong(computeNanos[rank]);
        out.writeByte(kind);
        out.writeInt(p);
        out.writeInt(u);
        if (kind != EMPTY) {
            Segment segment = Segment.of(p, u, peer, ranks);
            int width = kind == FLOATS ? Float.BYTES : Double.BYTES;
            int bytes = segment.length() * width;
            outBytes = atLeast(outBytes, bytes);
            ByteBuffer buffer = ByteBuffer.wrap(outBytes).order(ByteOrder.LITTLE_ENDIAN);
            if (kind == FLOATS) {
                segment.put(buffer, local.soleParameters(), local.soleUpdaterState());
            } else {
                segment.put(buffer, local.summedParameters(), local.summedUpdaterState());
            }
            out.write(outBytes, 0, bytes);
        }
        out.flush();
    }

    /** Peer {@code r}'s figures and its part of this rank's segment (on a reader thread, or inline). */
    void read(DataInputStream in, int r) throws IOException {
        examples[r] = in.readLong();
        lossSums[r] = in.readDouble();
        correct[r] = in.readLong();
        computeNanos[r] = in.readLong();
        byte kind = in.readByte();
        int p = in.readInt();
        int u = in.readInt();
        kinds[r] = kind;
        parameters[r] = p;
        updaterValues[r] = u;
        if (kind == EMPTY) {
            return;
        }
        if (kind != FLOATS && kind != DOUBLES) {
            throw new ExchangeException("rank " + r + "'s contribution kind: expected " + EMPTY + ", " + FLOATS
                    + " or " + DOUBLES + ", found " + kind);
        }
        if (kinds[rank] != EMPTY && (p != parameters[rank] || u != updaterValues[rank])) {
            throw new ExchangeException("rank " + r + "'s model size: expected " + parameters[rank] + " parameters and "
                    + updaterValues[rank] + " updater values (this rank's), found " + p + " and " + u
                    + ": the ranks trained different architectures");
        }
        if (p < 0 || u < 0 || (long) p + u > MAX_VALUES) {
            throw new ExchangeException("rank " + r + "'s model size: expected 0 to " + MAX_VALUES + " values, found "
                    + p + " parameters and " + u + " updater values");
        }
        int bytes = Segment.of(p, u, rank, ranks).length() * (kind == FLOATS ? Float.BYTES : Double.BYTES);
        inBytes[r] = atLeast(inBytes[r], bytes);
        in.readFully(inBytes[r], 0, bytes);
    }

    /** Rank {@code r}'s part of this rank's segment as floats, into {@code values}. */
    void floats(int r, int length, float[] values) {
        ByteBuffer.wrap(inBytes[r], 0, length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                .get(values, 0, length);
    }

    /** Rank {@code r}'s part of this rank's segment as doubles, into {@code values}. */
    void doubles(int r, int length, double[] values) {
        ByteBuffer.wrap(inBytes[r], 0, length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                .get(values, 0, length);
    }

    /** Encodes this rank's averaged segment, taken from the result arrays, for {@link #writeAveraged}. */
    void encodeAveraged(Segment segment, float[] resultP, float[] resultU) {
        averagedBytes = segment.length() * Float.BYTES;
        outBytes = atLeast(outBytes, averagedBytes);
        segment.put(ByteBuffer.wrap(outBytes).order(ByteOrder.LITTLE_ENDIAN), resultP, resultU);
    }

    /** Sends the segment {@link #encodeAveraged} encoded. */
    void writeAveraged(DataOutputStream out) throws IOException {
        out.writeBoolean(segmentFinite[rank]);
        out.write(outBytes, 0, averagedBytes);
        out.flush();
    }

    /** Peer {@code r}'s averaged segment, into the result arrays (on a reader thread, or inline). */
    void readAveraged(DataInputStream in, int r, Segment segment, float[] resultP, float[] resultU)
            throws IOException {
        segmentFinite[r] = in.readBoolean();
        int bytes = segment.length() * Float.BYTES;
        inBytes[r] = atLeast(inBytes[r], bytes);
        in.readFully(inBytes[r], 0, bytes);
        segment.get(ByteBuffer.wrap(inBytes[r], 0, bytes).order(ByteOrder.LITTLE_ENDIAN), resultP, resultU);
    }

    private static byte[] atLeast(byte[] buf, int length) {
        return buf.length >= length ? buf : new byte[length];
    }
}
