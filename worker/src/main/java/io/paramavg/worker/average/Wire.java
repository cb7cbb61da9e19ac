package io.paramavg.worker.average;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Length-prefixed float and double arrays on a stream, converted in bulk through a reusable byte
 * buffer. Writing element by element ({@code writeFloat} per value) costs several milliseconds for a
 * 2.8 MB model, as much as the loopback transfer itself; a bulk view copy costs a fraction of one.
 * Little-endian on every host, so mixed clusters agree.
 */
public final class Wire {
    /** Refuses lengths beyond this: a corrupt or foreign stream, not a model. */
    private static final int MAX_VALUES = 1 << 28;

    private Wire() {
    }

    /** Writes {@code values}; returns the (possibly grown) buffer for the next call. */
    public static byte[] writeFloats(DataOutputStream out, float[] values, byte[] buf) throws IOException {
        int bytes = values.length * Float.BYTES;
        buf = atLeast(buf, bytes);
        ByteBuffer.wrap(buf, 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        out.writeInt(values.length);
        out.write(buf, 0, bytes);
        return buf;
    }

    /** Writes {@code values}; returns the (possibly grown) buffer for the next call. */
    public static byte[] writeDoubles(DataOutputStream out, double[] values, byte[] buf) throws IOException {
        int bytes = values.length * Double.BYTES;
        buf = atLeast(buf, bytes);
        ByteBuffer.wrap(buf, 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values);
        out.writeInt(values.length);
        out.write(buf, 0, bytes);
        return buf;
    }

    /** Reads what {@link #writeFloats} wrote; {@code buf[0]} is the reusable buffer, grown as needed. */
    public static float[] readFloats(DataInputStream in, byte[][] buf) throws IOException {
        int length = readLength(in);
        float[] values = new float[length];
        int bytes = length * Float.BYTES;
        buf[0] = atLeast(buf[0], bytes);
        in.readFully(buf[0], 0, bytes);
        ByteBuffer.wrap(buf[0], 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** Reads what {@link #writeDoubles} wrote. */
    public static double[] readDoubles(DataInputStream in, byte[][] buf) throws IOException {
        int length = readLength(in);
        double[] values = new double[length];
        int bytes = length * Double.BYTES;
        buf[0] = atLeast(buf[0], bytes);
        in.readFully(buf[0], 0, bytes);
        ByteBuffer.wrap(buf[0], 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }

    private static int readLength(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_VALUES) {
            throw new IOException("malformed array length " + length + " on the exchange stream");
        }
        return length;
    }

    private static byte[] atLeast(byte[] buf, int bytes) {
        return buf != null && buf.length >= bytes ? buf : new byte[bytes];
    }
}
