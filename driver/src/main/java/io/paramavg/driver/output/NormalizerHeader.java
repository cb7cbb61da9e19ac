package io.paramavg.driver.output;

import io.paramavg.worker.data.DataFormatException;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerType;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;

/**
 * The header of a model's normalizer entry, checked before DL4J reads it: DL4J's
 * {@code NormalizerSerializer} reads {@code "NORMALIZER"}, a version and a normalizer type, and for the
 * type {@code CUSTOM} loads and instantiates the class the file names next. paramavg writes only the
 * two types its table scaling has ({@code Scaling}), so any other type is refused before a class is
 * looked up; the statistics' arrays that follow are checked as {@link ArrayHeader} checks a model's.
 */
final class NormalizerHeader {
    private static final String MAGIC = "NORMALIZER";
    private static final int VERSION = 1;
    /** What {@code Scaling} writes: standardisation and min-max scaling, nothing else. */
    private static final Set<String> WRITTEN = Set.of(NormalizerType.STANDARDIZE.name(), NormalizerType.MIN_MAX.name());

    private NormalizerHeader() {
    }

    /** Refuses {@code entry} (the normalizer's bytes in the archive at {@code location}) unless paramavg wrote it. */
    static void check(String location, byte[] entry) {
        String field = "entry " + ModelSerializer.NORMALIZER_BIN;
        String expected = "DL4J's normalizer header (" + MAGIC + ", version " + VERSION + ", type STANDARDIZE or "
                + "MIN_MAX: what paramavg writes)";
        ByteArrayInputStream bytes = new ByteArrayInputStream(entry);
        try (DataInputStream in = new DataInputStream(bytes)) {
            String magic = in.readUTF();
            int version = in.readInt();
            if (!magic.equals(MAGIC) || version != VERSION) {
                throw new DataFormatException(location, field, expected, "'" + printable(magic) + "', version "
                        + version);
            }
            String type = in.readUTF();
            if (!WRITTEN.contains(type)) {
                throw new DataFormatException(location, field, expected, "type " + printable(type)
                        + " (not loaded: DL4J would instantiate a class the file names)");
            }
            // Then the strategy's fields: whether labels were fitted, min-max's target range, and the statistics'
            // arrays (two, or four with labels), which ND4J allocates at their declared lengths.
            boolean labels = in.readBoolean();
            if (type.equals(NormalizerType.MIN_MAX.name())) {
                in.readDouble();
                in.readDouble();
            }
            for (int i = 0; i < (labels ? 4 : 2); i++) {
                ArrayHeader.skip(location, field, bytes);
            }
            if (bytes.available() != 0) {
                throw new DataFormatException(location, field, "nothing after the normalizer's statistics",
                        bytes.available() + " more bytes");
            }
        } catch (IOException e) {
            throw new DataFormatException(location, field, expected, "a header that ends early or is not "
                    + "modified UTF-8 (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** At most 40 characters of what the file holds, with control characters shown as '?': a message is one line. */
    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
