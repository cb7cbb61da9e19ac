package io.paramavg.worker.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Tiny IDX files made in memory: good ones, and the broken variants the reader must refuse. */
public final class IdxFixtures {
    private IdxFixtures() {
    }

    /** An IDX file with the given magic, header dimensions and body. */
    public static byte[] idx(int magic, int[] dimensions, byte[] body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            for (int d : dimensions) {
                out.writeInt(d);
            }
            out.write(body);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} random images of {@code rows x columns}. */
    public static byte[] images(int count, int rows, int columns, long seed) {
        byte[] body = new byte[count * rows * columns];
        new Random(seed).nextBytes(body);
        return idx(0x803, new int[] {count, rows, columns}, body);
    }

    /** A label file holding {@code labels}. */
    public static byte[] labels(byte... labels) {
        return idx(0x801, new int[] {labels.length}, labels);
    }

    public static byte[] gzip(byte[] plain) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                out.write(plain);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] truncate(byte[] data, int keep) {
        byte[] result = new byte[keep];
        System.arraycopy(data, 0, result, 0, keep);
        return result;
    }
}
