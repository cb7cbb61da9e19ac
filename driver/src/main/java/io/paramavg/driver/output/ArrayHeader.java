package io.paramavg.driver.output;

import io.paramavg.worker.data.DataFormatException;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The ND4J arrays of a model's {@code coefficients.bin} and {@code updaterState.bin} (and of its
 * {@code normalizer.bin}, through {@link NormalizerHeader}), checked before DL4J reads them. ND4J's reader ({@code Nd4j.read}, through {@code BaseDataBuffer.readHeader}) allocates each
 * buffer, in native memory, at the length its header declares before it reads a value: a crafted header
 * declaring billions of values ends the load with an out-of-memory error, not a bad-input one. So each
 * entry must hold exactly one array in the format paramavg writes, whose declared lengths the entry's
 * own bytes back, value for value (the entry itself is capped by {@link ArchiveEntries}).
 *
 * <p>The format: a header (allocation mode as modified UTF-8, a length, a data type) and the shape
 * information's values ({@code rank, shape..., stride..., extras, element-wise stride, order}), then a
 * second header and the values themselves, each big-endian at its type's width.
 */
final class ArrayHeader {
    /** The allocation mode ND4J 1.0.0-M2.1 writes, the one whose lengths are longs and whose values carry their type. */
    private static final String MODE = "MIXED_DATA_TYPES";
    /** The shape information's type, as ND4J writes it. */
    private static final String SHAPE_TYPE = "LONG";
    /** ND4J's largest rank. */
    private static final int MAX_RANK = 32;
    /** The value types a network's parameters and updater state may have, and their widths in bytes. */
    private static final Map<String, Integer> VALUE_TYPES = Map.of("FLOAT", 4, "DOUBLE", 8);

    private ArrayHeader() {
    }

    /** Refuses {@code entry} (named {@code name} in the archive at {@code location}) unless it is one array whose lengths its bytes back. */
    static void check(String location, String name, byte[] entry) {
        if (entry.length == 0) {
            // DL4J skips an empty entry rather than read it.
            return;
        }
        String field = "entry " + name;
        ByteArrayInputStream bytes = new ByteArrayInputStream(entry);
        skip(location, field, bytes);
        if (bytes.available() != 0) {
            throw new DataFormatException(location, field, "nothing after the array", bytes.available()
                    + " more bytes");
        }
    }

    /**
     * Checks the array that starts at {@code bytes}' position and moves past it; refuses it (as {@code field} of
     * the archive at {@code location}) unless its declared lengths are backed by the bytes that follow.
     */
    static void skip(String location, String field, ByteArrayInputStream bytes) {
        DataInputStream in = new DataInputStream(bytes);
        try {
            header(location, field, in, "shape information");
            long shapeLength = in.readLong();
            String shapeType = in.readUTF();
            if (!shapeType.equals(SHAPE_TYPE) || shapeLength < 4 || shapeLength > 4 + 2 * MAX_RANK
                    || shapeLength % 2 != 0) {
                throw refused(location, field, "shape information of " + SHAPE_TYPE + " values, 4 plus twice a "
                        + "rank of at most " + MAX_RANK, shapeLength + " " + printable(shapeType) + " values");
            }
            long[] shapeInfo = new long[(int) shapeLength];
            for (int i = 0; i < shapeInfo.length; i++) {
                shapeInfo[i] = in.readLong();
            }
            long values = values(location, field, shapeInfo);
            header(location, field, in, "values");
            long declared = in.readLong();
            String type = in.readUTF();
            Integer width = VALUE_TYPES.get(type);
            if (width == null) {
                throw refused(location, field, "values of type " + String.join(" or ", VALUE_TYPES.keySet()),
                        "type " + printable(type));
            }
            if (declared != values) {
                throw refused(location, field, "as many values as the shape holds (" + values + ")", "a header "
                        + "declaring " + declared);
            }
            int left = bytes.available();
            if (declared > left / width) {
                throw refused(location, field, "a header declaring no more values than the entry holds ("
                        + left / width + " " + type + " values in its remaining " + left + " bytes)", "a header "
                        + "declaring " + declared + " (not allocated)");
            }
            in.skipNBytes(declared * width);
        } catch (IOException e) {
            throw new DataFormatException(location, field, "an ND4J array as paramavg writes it", "one that ends "
                    + "inside its header or is not modified UTF-8 (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Reads one header's allocation mode, which must be {@link #MODE}. */
    private static void header(String location, String field, DataInputStream in, String part) throws IOException {
        String mode = in.readUTF();
        if (!mode.equals(MODE)) {
            throw refused(location, field, "the " + part + " header's allocation mode " + MODE + " (what ND4J "
                    + "writes)", "'" + printable(mode) + "'");
        }
    }

    /** The number of values the shape information describes: the product of its dimensions. */
    private static long values(String location, String field, long[] shapeInfo) {
        long rank = shapeInfo[0];
        if (rank * 2 + 4 != shapeInfo.length) {
            throw refused(location, field, "shape information of 4 plus twice its rank values ("
                    + shapeInfo.length + ")", "rank " + rank);
        }
        long product = 1;
        for (int i = 1; i <= rank; i++) {
            if (shapeInfo[i] < 0) {
                throw refused(location, field, "dimensions of at least 0", "dimension " + shapeInfo[i]);
            }
            try {
                product = Math.multiplyExact(product, shapeInfo[i]);
            } catch (ArithmeticException e) {
                throw refused(location, field, "a shape whose values a long counts", "one that overflows it");
            }
        }
        return product;
    }

    private static DataFormatException refused(String location, String field, String expected, String found) {
        return new DataFormatException(location, field, expected, found);
    }

    /** At most 40 characters of what the file holds, with control characters shown as '?': a message is one line. */
    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
