package io.paramavg.driver.output;

import io.paramavg.worker.data.DataFormatException;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The entries of a {@code model.zip}, read and checked before a byte of it reaches DL4J or a
 * deserialiser: a model file is input from whoever wrote it, and DL4J's restore Java-deserialises a
 * {@code preprocessor.bin} entry and instantiates a class its normalizer entry names. So an archive with
 * any entry paramavg never writes is refused, each entry is inflated only up to a cap (a zip bomb is
 * refused, not inflated), the arrays' headers must declare no more values than their entries hold
 * ({@link ArrayHeader}), and DL4J is handed {@link #forDl4j() a new archive built from the checked
 * entries}, never the file's own bytes: a zip has two indexes (the local headers read here, and the
 * central directory) that a crafted file can make disagree, and which one DL4J reads depends on its
 * version and on whether it restores from a stream or a file.
 */
final class ArchiveEntries {
    /** What paramavg writes into a model.zip, and the most bytes each may inflate to on its own. */
    private static final Map<String, Long> WRITTEN = written();
    /** Inflated bytes every archive may hold, whatever its size: a large model with room to spare. */
    static final long BUDGET_FLOOR = 64L << 20;
    /**
     * Beyond the floor, inflated bytes per byte of archive. A model's floats deflate by a few percent
     * (the golden models inflate 1.2 times); a zip bomb inflates a thousand times.
     */
    static final int BUDGET_RATIO = 8;
    /** The most a Java array holds, and so the most one entry can be read into. */
    private static final long ARRAY_MAX = Integer.MAX_VALUE - 8;

    private final Map<String, byte[]> entries;

    private ArchiveEntries(Map<String, byte[]> entries) {
        this.entries = entries;
    }

    private static Map<String, Long> written() {
        Map<String, Long> written = new LinkedHashMap<>();
        written.put(ModelSerializer.CONFIGURATION_JSON, 16L << 20);
        written.put(ModelSerializer.COEFFICIENTS_BIN, ARRAY_MAX);
        written.put(ModelSerializer.UPDATER_BIN, ARRAY_MAX);
        written.put(ModelSerializer.NORMALIZER_BIN, ARRAY_MAX);
        written.put(ModelArchive.MANIFEST_ENTRY, 16L << 20);
        return Collections.unmodifiableMap(written);
    }

    /** The entries of the archive {@code zip} read from {@code location}, checked; refused with a data error. */
    static ArchiveEntries read(String location, byte[] zip) {
        long total = Math.min(Long.MAX_VALUE / 2, BUDGET_FLOOR + (long) BUDGET_RATIO * zip.length);
        long budget = total;
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                Long cap = WRITTEN.get(name);
                if (cap == null) {
                    throw new DataFormatException(location, "entry " + name, "only the entries paramavg writes ("
                            + String.join(", ", WRITTEN.keySet()) + ")", "an entry paramavg never writes; nothing "
                            + "in the archive was loaded");
                }
                if (entries.containsKey(name)) {
                    throw new DataFormatException(location, "entry " + name, "once", "it twice");
                }
                long limit = Math.min(cap, budget);
                byte[] bytes = in.readNBytes((int) Math.min(limit + 1, ARRAY_MAX));
                if (bytes.length > limit) {
                    throw new DataFormatException(location, "entry " + name, "at most " + limit + " bytes once "
                            + "inflated (" + (limit == cap ? "the most this entry may hold"
                            : "what is left of " + total + " bytes for the whole archive: "
                            + (BUDGET_FLOOR >> 20) + " MiB plus " + BUDGET_RATIO + " times its " + zip.length
                            + " bytes") + ")", "more: a zip bomb, not inflated further");
                }
                budget -= bytes.length;
                entries.put(name, bytes);
            }
        } catch (ZipException e) {
            throw new DataFormatException(location, "model", "a zip archive", "one that does not inflate ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries.isEmpty()) {
            throw new DataFormatException(location, "model", "a DL4J MultiLayerNetwork zip (ModelSerializer)",
                    "a file that is not a zip archive, or an empty one");
        }
        for (String arrays : new String[] {ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN}) {
            byte[] entry = entries.get(arrays);
            if (entry != null) {
                ArrayHeader.check(location, arrays, entry);
            }
        }
        byte[] normalizer = entries.get(ModelSerializer.NORMALIZER_BIN);
        if (normalizer != null) {
            NormalizerHeader.check(location, normalizer);
        }
        return new ArchiveEntries(entries);
    }

    /** The entry's bytes, or null when the archive has none of that name. */
    byte[] get(String name) {
        return entries.get(name);
    }

    /**
     * A new archive of exactly the checked entries, stored uncompressed (DL4J copies it to a file and
     * reads it once): the only bytes DL4J's restore is given.
     */
    byte[] forDl4j() {
        long size = 22;
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            size += entry.getValue().length + 2L * (entry.getKey().length() + 46);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(size, ARRAY_MAX));
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                byte[] content = entry.getValue();
                CRC32 crc = new CRC32();
                crc.update(content);
                ZipEntry stored = new ZipEntry(entry.getKey());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(content.length);
                stored.setCompressedSize(content.length);
                stored.setCrc(crc.getValue());
                zip.putNextEntry(stored);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }
}
