package io.paramavg.worker.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decodes unsigned-byte IDX files (the MNIST format), plain or gzip-compressed (detected from the
 * content, not the name). Every header field is checked before it is trusted: the body is read in
 * the chunks the stream actually delivers, so a header that claims billions of records costs
 * nothing before the mismatch is reported.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    // The largest array the JVM reliably allocates.
    private static final long MAX_BODY = Integer.MAX_VALUE - 8;
    /** For {@link #read}: accept any dimension count from 1 to 4. */
    public static final int ANY_DIMENSIONS = -1;

    private IdxReader() {
    }

    /** Reads an image file: magic 0x00000803, unsigned bytes, count x rows x columns. */
    public static IdxArray readImages(String file, InputStream in) throws IOException {
        return read(file, in, 3);
    }

    /** Reads a label file: magic 0x00000801, unsigned bytes, one per record. */
    public static IdxArray readLabels(String file, InputStream in) throws IOException {
        return read(file, in, 1);
    }

    /** Reads an unsigned-byte IDX file of any dimension count from 1 to 4: what {@code inspect} shows. */
    public static IdxArray readAny(String file, InputStream in) throws IOException {
        return read(file, in, ANY_DIMENSIONS);
    }

    /**
     * Reads an unsigned-byte IDX file that must have {@code expectedDimensions} dimensions
     * ({@link #ANY_DIMENSIONS}: 1 to 4).
     * I/O failures that mean a damaged file (truncated or corrupt gzip) become
     * {@link DataFormatException}s; other I/O failures propagate.
     */
    public static IdxArray read(String file, InputStream raw, int expectedDimensions) throws IOException {
        try {
            DataInputStream in = new DataInputStream(decompressIfGzip(file, raw));
            int[] dimensions = readHeader(file, in, expectedDimensions);
            long expectedBody = bodySize(file, dimensions);
            byte[] body = in.readNBytes((int) expectedBody);
            if (body.length < expectedBody) {
                throw new DataFormatException(file, "body (" + describe(dimensions) + ")",
                        expectedBody + " bytes", body.length + " bytes (the file is truncated)");
            }
            if (in.read() != -1) {
                throw new DataFormatException(file, "end of file after " + expectedBody + " body bytes",
                        "no more data", "extra bytes (the header's counts are smaller than the file)");
            }
            return new IdxArray(dimensions, body);
        } catch (EOFException e) {
            throw new DataFormatException(file, "gzip stream", "a complete gzip stream",
                    "one that ends early (" + e.getMessage() + ")");
        } catch (ZipException e) {
            throw new DataFormatException(file, "gzip stream", "valid gzip data",
                    "corrupt data (" + e.getMessage() + ")");
        }
    }

    private static InputStream decompressIfGzip(String file, InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == -1) {
            throw new DataFormatException(file, "magic number", "a 4-byte IDX magic number", "an empty file");
        }
        boolean gzip = first == 0x1f && second == 0x8b;
        return gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
    }

    private static int[] readHeader(String file, DataInputStream in, int expectedDimensions) throws IOException {
        int expectedMagic = UNSIGNED_BYTE << 8 | expectedDimensions;
        int magic = readHeaderInt(file, in, "magic number", 0);
        int type = magic >>> 8;
        int dimensionCount = magic & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataFormatException(file, "magic number", expectedDimensions == ANY_DIMENSIONS
                            ? "0x000008NN (unsigned bytes, NN dimensions)"
                            : hex(expectedMagic) + " (unsigned bytes, " + expectedDimensions + " dimension"
                            + (expectedDimensions == 1 ? "" : "s") + ")",
                    hex(magic) + (magic >>> 16 == 0 ? " (an IDX file of another element type)" : " (not an IDX file)"));
        }
        if (expectedDimensions == ANY_DIMENSIONS) {
            if (dimensionCount < 1 || dimensionCount > 4) {
                throw new DataFormatException(file, "dimension count (last byte of the magic number " + hex(magic)
                        + ")", "1 to 4", String.valueOf(dimensionCount));
            }
        } else if (dimensionCount != expectedDimensions) {
            throw new DataFormatException(file, "dimension count (last byte of the magic number " + hex(magic) + ")",
                    String.valueOf(expectedDimensions), String.valueOf(dimensionCount));
        }
        int[] dimensions = new int[dimensionCount];
        for (int i = 0; i < dimensionCount; i++) {
            String field = i == 0 ? "record count (dimension 0)" : "dimension " + i;
            dimensions[i] = readHeaderInt(file, in, field, 4 + 4 * i);
            if (dimensions[i] < 1) {
                throw new DataFormatException(file, field, "at least 1", Integer.toUnsignedString(dimensions[i]));
            }
        }
        return dimensions;
    }

    private static int readHeaderInt(String file, DataInputStream in, String field, int offset) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file, field + " at byte offset " + offset,
                    "a 4-byte big-endian integer", "the end of the file");
        }
    }

    private static long bodySize(String file, int[] dimensions) {
        long size = 1;
        for (int dimension : dimensions) {
            size *= dimension;
            if (size > MAX_BODY) {
                throw new DataFormatException(file, "header dimensions (" + describe(dimensions) + ")",
                        "a body of at most " + MAX_BODY + " bytes", "a header declaring more");
            }
        }
        return size;
    }

    private static String describe(int[] dimensions) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < dimensions.length; i++) {
            text.append(i == 0 ? "" : " x ").append(dimensions[i]);
        }
        return text.toString();
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
