package io.paramavg.driver.output;

import io.paramavg.driver.config.TableConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.table.Scaling;
import io.paramavg.driver.testing.Golden;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model.zip is input from whoever wrote it: loading one never deserialises, instantiates or inflates
 * what the file chooses. Each hostile archive is a golden model with one entry swapped or added, built
 * here; each is refused with a data error naming the file, the entry, what was expected and what was
 * found, and nothing the file named runs ({@link #fired}). The timeouts only stop a test that would
 * otherwise hang on code without the checks (a deserialisation bomb takes longer than the universe).
 */
class HostileModelArchiveTest {
    private static final String MANIFEST = "objects/" + ModelArchive.MANIFEST_KEY;
    private static final String MANIFEST_EXPECTED = "m.zip: entry " + MANIFEST + ": expected the manifest's JSON "
            + "text as one Java-serialised String (what paramavg writes), found ";
    /** Set by code a hostile file chose, were it ever to run. */
    static volatile String fired;

    @TempDir
    Path dir;

    @BeforeEach
    void nothingHasFired() {
        fired = null;
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aManifestThatIsANestedHashSetBombIsRefusedBeforeAnyOfItIsBuilt() throws IOException {
        byte[] zip = replacing(golden("format2-model"), MANIFEST, serialized(hashSetBomb(100)));

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals(MANIFEST_EXPECTED + "a serialised object of class java.util.HashSet (refused before it was "
                + "built)", e.getMessage());
    }

    @Test
    void aManifestHoldingAnObjectWhoseClassRunsCodeWhenReadIsRefusedAndTheCodeNeverRuns() throws IOException {
        byte[] zip = replacing(golden("format2-model"), MANIFEST, serialized(new Gadget()));

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals(MANIFEST_EXPECTED + "a serialised object of class " + Gadget.class.getName()
                + " (refused before it was built)", e.getMessage());
        assertNull(fired);
    }

    @Test
    void theManifestStringPlainDl4jWouldReadStillReads() throws IOException {
        byte[] zip = golden("format2-model");

        assertTrue(ModelArchive.manifest("m.zip", zip).contains("\"format_version\" : 2"));
        assertEquals(42, SavedModel.fromBytes("m.zip", zip).manifest().seed());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anArchiveWithAPreprocessorEntryIsRefusedBeforeDl4jDeserialisesIt() throws IOException {
        byte[] zip = adding(golden("format2-model"), "preprocessor.bin", serialized(new Gadget()));

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry preprocessor.bin: expected only the entries paramavg writes (configuration.json, "
                + "coefficients.bin, updaterState.bin, normalizer.bin, " + MANIFEST + "), found an entry paramavg "
                + "never writes; nothing in the archive was loaded", e.getMessage());
        assertNull(fired);
    }

    @Test
    void anArchiveWithAnEntryTwiceIsRefused() throws IOException {
        byte[] zip = renamed(adding(golden("format2-model"), "configuration.jsoX", new byte[] {'{', '}'}),
                "configuration.jsoX", "configuration.json", 2);

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry configuration.json: expected once, found it twice", e.getMessage());
    }

    @Test
    void aNormalizerEntryNamingACustomClassIsRefusedBeforeTheClassIsLoaded() throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(header)) {
            out.writeUTF("NORMALIZER");
            out.writeInt(1);
            out.writeUTF("CUSTOM");
            out.writeUTF(CustomStrategy.class.getName());
        }
        byte[] zip = replacing(golden("unnumbered-table-model"), "normalizer.bin", header.toByteArray());

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry normalizer.bin: expected DL4J's normalizer header (NORMALIZER, version 1, type "
                + "STANDARDIZE or MIN_MAX: what paramavg writes), found type CUSTOM (not loaded: DL4J would "
                + "instantiate a class the file names)", e.getMessage());
        assertNull(fired);
    }

    @Test
    void aManifestEntryThatInflatesPastItsCapIsRefusedAsAZipBomb() throws IOException {
        byte[] zip = replacing(golden("format2-model"), MANIFEST, new byte[(16 << 20) + 1]);

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry " + MANIFEST + ": expected at most 16777216 bytes once inflated (the most this "
                + "entry may hold), found more: a zip bomb, not inflated further", e.getMessage());
    }

    @Test
    void coefficientsThatInflatePastTheArchivesBudgetAreRefusedAsAZipBomb() throws IOException {
        byte[] zip = replacing(golden("format2-model"), "coefficients.bin", new byte[80 << 20]);
        long budget = ArchiveEntries.BUDGET_FLOOR + ArchiveEntries.BUDGET_RATIO * zip.length;

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry coefficients.bin: expected at most " + (budget - 3499) + " bytes once inflated "
                + "(what is left of " + budget + " bytes for the whole archive: 64 MiB plus 8 times its "
                + zip.length + " bytes), found more: a zip bomb, not inflated further", e.getMessage());
    }

    @Test
    void inspectRefusesAHostileArchiveWithOneLineNamingFileAndEntryAndTheBadInputExitCode() throws IOException {
        Path model = dir.resolve("model.zip");
        Files.write(model, adding(golden("format2-model"), "preprocessor.bin", serialized(new Gadget())));

        Golden.Outcome inspected = Golden.paramavg("inspect", model.toString());

        assertEquals(3, inspected.code(), inspected.err());
        assertEquals("paramavg: " + model + ": entry preprocessor.bin: expected only the entries paramavg writes "
                + "(configuration.json, coefficients.bin, updaterState.bin, normalizer.bin, " + MANIFEST + "), found "
                + "an entry paramavg never writes; nothing in the archive was loaded\n", inspected.err());
        assertNull(fired);
    }

    @Test
    @Timeout(60)
    void coefficientsWhoseHeaderDeclaresBillionsOfValuesAreRefusedBeforeNd4jAllocatesThem() throws IOException {
        // 3e9 floats: 12 GB of native memory ND4J would allocate before reading a value; the entry holds 4.
        byte[] zip = replacing(golden("format2-model"), "coefficients.bin", array(3_000_000_000L, 3_000_000_000L,
                "FLOAT", 4));

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry coefficients.bin: expected a header declaring no more values than the entry holds "
                + "(4 FLOAT values in its remaining 16 bytes), found a header declaring 3000000000 (not allocated)",
                e.getMessage());
    }

    @Test
    @Timeout(60)
    void updaterStateWhoseShapeInformationDeclaresBillionsOfValuesIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(Integer.MAX_VALUE);
            out.writeUTF("LONG");
        }
        byte[] zip = replacing(golden("format2-model"), "updaterState.bin", bytes.toByteArray());

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry updaterState.bin: expected shape information of LONG values, 4 plus twice a rank "
                + "of at most 32, found 2147483647 LONG values", e.getMessage());
    }

    @Test
    @Timeout(60)
    void aNormalizerWhoseStatisticsDeclareBillionsOfValuesIsRefusedBeforeNd4jAllocatesThem() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("NORMALIZER");
            out.writeInt(1);
            out.writeUTF("STANDARDIZE");
            out.writeBoolean(false);
            out.write(array(3_000_000_000L, 3_000_000_000L, "FLOAT", 4));
        }
        byte[] zip = replacing(golden("unnumbered-table-model"), "normalizer.bin", bytes.toByteArray());

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry normalizer.bin: expected a header declaring no more values than the entry holds "
                + "(4 FLOAT values in its remaining 16 bytes), found a header declaring 3000000000 (not allocated)",
                e.getMessage());
    }

    @Test
    void minMaxScalingAsDl4jWritesItPassesTheArrayChecks() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NormalizerSerializer.getDefault().write(Scaling.minMax(new float[] {0, 1, 2, 3}, new float[] {4, 5, 6, 7})
                .normalizer(), bytes);
        byte[] zip = replacing(golden("unnumbered-table-model"), "normalizer.bin", bytes.toByteArray());

        assertEquals(TableConfig.Normalize.MIN_MAX, SavedModel.fromBytes("m.zip", zip).table().scaling().kind());
    }

    @Test
    void anArrayWhoseHeaderDisagreesWithItsShapeIsRefused() throws IOException {
        byte[] zip = replacing(golden("format2-model"), "coefficients.bin", array(4, 3, "FLOAT", 4));

        DataFormatException e = assertThrows(DataFormatException.class, () -> SavedModel.fromBytes("m.zip", zip));
        assertEquals("m.zip: entry coefficients.bin: expected as many values as the shape holds (4), found a header "
                + "declaring 3", e.getMessage());
    }

    @Test
    @Timeout(60)
    void inspectRefusesACraftedArrayHeaderWithTheBadInputExitCode() throws IOException {
        Path model = dir.resolve("model.zip");
        Files.write(model, replacing(golden("format2-model"), "updaterState.bin", array(1L << 40, 1L << 40,
                "FLOAT", 2)));

        Golden.Outcome inspected = Golden.paramavg("inspect", model.toString());

        assertEquals(3, inspected.code(), inspected.err());
        assertTrue(inspected.err().startsWith("paramavg: " + model + ": entry updaterState.bin: expected a header "
                + "declaring no more values than the entry holds"), inspected.err());
    }

    @Test
    void aGoldenTableModelStillLoadsThroughTheChecks() throws IOException {
        SavedModel model = SavedModel.load(Golden.path("unnumbered-table-model/model.zip").toString(),
                new HadoopConf(new Configuration()));
        assertEquals("bee", model.table().labels().name(1));
        assertFalse(model.network().params().isEmpty());
    }

    /** Serialisation's best-known denial of service: reading it hashes 2^depth sets. */
    private static Set<Object> hashSetBomb(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> left = root;
        Set<Object> right = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> nextLeft = new HashSet<>();
            Set<Object> nextRight = new HashSet<>();
            nextLeft.add("unequal");
            left.add(nextLeft);
            left.add(nextRight);
            right.add(nextLeft);
            right.add(nextRight);
            left = nextLeft;
            right = nextRight;
        }
        return root;
    }

    /** Stands for a gadget chain: code that runs as it is deserialised. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            fired = "a gadget was deserialised";
        }
    }

    /** Stands for a class a normalizer header names: loading it runs its static initialiser. */
    static final class CustomStrategy {
        static {
            fired = "a class named by the normalizer entry was loaded";
        }

        private CustomStrategy() {
        }
    }

    /**
     * An ND4J array entry as {@code Nd4j.write} lays it out: a vector whose shape holds {@code values} and
     * whose data header declares {@code declared} of {@code type}, followed by {@code present} zeros.
     */
    private static byte[] array(long values, long declared, String type, int present) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(6);
            out.writeUTF("LONG");
            for (long value : new long[] {1, values, 1, 0x2000, 1, 'c'}) {
                out.writeLong(value);
            }
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(declared);
            out.writeUTF(type);
            for (int i = 0; i < present; i++) {
                out.writeFloat(0);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] golden(String folder) throws IOException {
        return Files.readAllBytes(Golden.path(folder + "/model.zip"));
    }

    private static byte[] serialized(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code zip} with entry {@code name}'s content replaced by {@code content}. */
    private static byte[] replacing(byte[] zip, String name, byte[] content) throws IOException {
        return rewrite(zip, name, content, false);
    }

    /** {@code zip} with one more entry. */
    private static byte[] adding(byte[] zip, String name, byte[] content) throws IOException {
        return rewrite(zip, name, content, true);
    }

    /**
     * {@code zip} with the first {@code times} occurrences of the name {@code from} (in a local header, then in the
     * central directory) changed to {@code to}, of the same length: what {@code ZipOutputStream} refuses to write.
     */
    private static byte[] renamed(byte[] zip, String from, String to, int times) {
        byte[] was = from.getBytes(StandardCharsets.UTF_8);
        byte[] now = to.getBytes(StandardCharsets.UTF_8);
        assertEquals(was.length, now.length);
        byte[] bytes = zip.clone();
        int done = 0;
        for (int i = 0; i + was.length <= bytes.length && done < times; i++) {
            if (Arrays.equals(bytes, i, i + was.length, was, 0, was.length)) {
                System.arraycopy(now, 0, bytes, i, now.length);
                done++;
            }
        }
        assertEquals(times, done, from);
        return bytes;
    }

    private static byte[] rewrite(byte[] zip, String name, byte[] content, boolean add) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean found = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(name)) {
                    out.write(content);
                    found = true;
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            if (add) {
                out.putNextEntry(new ZipEntry(name));
                out.write(content);
                out.closeEntry();
            }
        }
        assertEquals(!add, found, name);
        return bytes.toByteArray();
    }
}
