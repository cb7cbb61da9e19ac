package io.paramavg.worker.data;

import io.paramavg.worker.testing.IdxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

import static io.paramavg.worker.testing.IdxFixtures.gzip;
import static io.paramavg.worker.testing.IdxFixtures.idx;
import static io.paramavg.worker.testing.IdxFixtures.images;
import static io.paramavg.worker.testing.IdxFixtures.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    private static IdxArray readImages(byte[] file) throws IOException {
        return IdxReader.readImages("fixture.idx", new ByteArrayInputStream(file));
    }

    @Test
    void plainAndGzipImagesDecodeToTheSameRecords() throws IOException {
        byte[] plain = images(5, 3, 4, 1);
        IdxArray fromPlain = readImages(plain);
        IdxArray fromGzip = readImages(gzip(plain));
        assertArrayEquals(new int[] {5, 3, 4}, fromPlain.dimensions());
        assertEquals(12, fromPlain.recordSize());
        assertEquals(fromPlain, fromGzip);
        assertArrayEquals(truncate(java.util.Arrays.copyOfRange(plain, 16, plain.length), 60), fromPlain.body());
    }

    @Test
    void embeddedSampleHasTheDocumentedShape() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/paramavg/mnist-sample/train-images-idx3-ubyte.gz")) {
            IdxArray train = IdxReader.readImages("train-images-idx3-ubyte.gz", in);
            assertArrayEquals(new int[] {8000, 28, 28}, train.dimensions());
        }
    }

    static Stream<Arguments> brokenImageFiles() {
        byte[] good = images(4, 2, 2, 7);
        return Stream.of(
                Arguments.of("empty file", new byte[0], "empty file"),
                Arguments.of("bad magic", idx(0x12345678, new int[] {4, 2, 2}, new byte[16]), "magic number"),
                Arguments.of("labels magic where images expected", IdxFixtures.labels((byte) 1), "dimension count"),
                Arguments.of("float element type", idx(0x0d03, new int[] {4, 2, 2}, new byte[16]), "magic number"),
                Arguments.of("header cut short", truncate(good, 9), "dimension 1"),
                Arguments.of("truncated body", truncate(good, good.length - 3), "truncated"),
                Arguments.of("extra bytes after the body", idx(0x803, new int[] {3, 2, 2}, new byte[16]), "extra bytes"),
                Arguments.of("zero records", idx(0x803, new int[] {0, 2, 2}, new byte[0]), "record count"),
                Arguments.of("count far beyond the file", idx(0x803, new int[] {2_000_000_000, 28, 28}, new byte[16]),
                        "at most"),
                Arguments.of("count beyond the file but allocatable", idx(0x803, new int[] {1_000_000, 28, 28},
                        new byte[16]), "truncated"),
                Arguments.of("truncated gzip", truncate(gzip(good), gzip(good).length - 10), "gzip"),
                Arguments.of("corrupt gzip", corruptGzip(gzip(images(50, 10, 10, 3))), "gzip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenImageFiles")
    void brokenFilesGiveAFormatErrorNamingTheFile(String what, byte[] file, String mentions) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> readImages(file));
        assertTrue(e.getMessage().startsWith("fixture.idx: "), e.getMessage());
        assertTrue(e.getMessage().contains(mentions), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("expected") || e.getMessage().contains("empty"), e.getMessage());
        assertEquals("fixture.idx", e.file());
    }

    @Test
    void hugeHeaderCountFailsWithoutAllocatingForIt() {
        // 2^31-1 x 1 x 1 is allowed by the size cap, so only reading (not allocating) can refuse it cheaply.
        byte[] file = idx(0x803, new int[] {Integer.MAX_VALUE - 16, 1, 1}, new byte[8]);
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        DataFormatException e = assertThrows(DataFormatException.class, () -> readImages(file));
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(e.getMessage().contains("found 8 bytes"), e.getMessage());
        assertTrue(after - before < 512L << 20, "allocated " + (after - before) + " bytes");
    }

    /** Flips the CRC-32 in the gzip trailer: the body inflates, the checksum does not match. */
    private static byte[] corruptGzip(byte[] gz) {
        byte[] copy = gz.clone();
        copy[copy.length - 6] ^= (byte) 0x5a;
        return copy;
    }
}
