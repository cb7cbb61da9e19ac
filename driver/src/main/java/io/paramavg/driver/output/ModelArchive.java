package io.paramavg.driver.output;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * {@code model.zip}: DL4J's own model archive ({@code ModelSerializer}: configuration, coefficients,
 * updater state) with the run's manifest inside it as one more entry, so a copied model keeps its
 * provenance. The entry is where DL4J's {@code ModelSerializer.addObjectToFile} puts extra objects
 * ({@code objects/<key>}, a Java-serialized value), so a plain DL4J user reads it back with
 * {@code ModelSerializer.getObjectFromFile(file, "paramavg-manifest.json")}: the manifest's JSON text.
 * Reading it back deserialises nothing but that one string ({@link SerializedString}).
 */
public final class ModelArchive {
    /** The key of the manifest among the archive's objects. */
    public static final String MANIFEST_KEY = "paramavg-manifest.json";
    static final String MANIFEST_ENTRY = "objects/" + MANIFEST_KEY;

    private ModelArchive() {
    }

    /** Writes {@code network} (with its updater state) and {@code manifestJson} as one archive. */
    public static void write(MultiLayerNetwork network, String manifestJson, OutputStream out) throws IOException {
        write(network, manifestJson, null, out);
    }

    /**
     * The same, with a table's feature scaling as DL4J's own normalizer entry (null: none), which
     * {@code ModelSerializer.restoreNormalizerFromInputStream} reads back.
     */
    public static void write(MultiLayerNetwork network, String manifestJson, DataNormalization normalizer,
                             OutputStream out) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, model, true);
        ZipOutputStream zip = new ZipOutputStream(out);
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                entries.transferTo(zip);
                zip.closeEntry();
            }
        }
        if (normalizer != null) {
            // The entry ModelSerializer.writeModel(network, stream, true, normalizer) would add, in its format;
            // written here because in DL4J 1.0.0-M2.1 that method's normalizer serializer closes the zip stream
            // under it ("flush() failed: stream is closed").
            zip.putNextEntry(new ZipEntry(ModelSerializer.NORMALIZER_BIN));
            NormalizerSerializer.getDefault().write(normalizer, new FilterOutputStream(zip) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            zip.closeEntry();
        }
        zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream object = new ObjectOutputStream(serialized)) {
            object.writeObject(manifestJson);
        }
        zip.write(serialized.toByteArray());
        zip.closeEntry();
        zip.finish();
    }

    /**
     * The manifest's JSON text inside the archive {@code bytes} read from {@code location}, or null for a
     * model without one; the archive is checked as {@link SavedModel} checks it.
     */
    public static String manifest(String location, byte[] bytes) {
        return manifest(location, ArchiveEntries.read(location, bytes));
    }

    static String manifest(String location, ArchiveEntries entries) {
        byte[] entry = entries.get(MANIFEST_ENTRY);
        return entry == null ? null : SerializedString.read(location, "entry " + MANIFEST_ENTRY, entry);
    }
}
