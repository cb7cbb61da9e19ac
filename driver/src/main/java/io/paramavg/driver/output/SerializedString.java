package io.paramavg.driver.output;

import io.paramavg.worker.data.DataFormatException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;

/**
 * Reads one Java-serialised {@code String}, the form paramavg stores its manifest in inside model.zip
 * (where DL4J's {@code ModelSerializer.addObjectToFile} puts extra objects, so plain DL4J reads it too),
 * and nothing else: an {@link ObjectInputFilter} refuses every class descriptor, array and nested
 * object before it is built. A string needs none of them, and everything a gadget chain or a
 * deserialisation bomb (nested {@code HashSet}s) is made of needs at least one.
 */
final class SerializedString {
    private SerializedString() {
    }

    /** The string {@code bytes} hold; a data error naming {@code location} and {@code field} for anything else. */
    static String read(String location, String field, byte[] bytes) {
        String expected = "the manifest's JSON text as one Java-serialised String (what paramavg writes)";
        OnlyAString filter = new OnlyAString();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter);
            Object read = in.readObject();
            if (read instanceof String text) {
                return text;
            }
            throw new DataFormatException(location, field, expected, read == null ? "null" : "an object");
        } catch (InvalidClassException e) {
            throw new DataFormatException(location, field, expected, filter.refused == null
                    ? "a serialised object that was refused (" + e.getMessage() + ")"
                    : "a serialised " + filter.refused + " (refused before it was built)");
        } catch (IOException | ClassNotFoundException e) {
            throw new DataFormatException(location, field, expected, "bytes that are not one ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Allows nothing with a class: a String is read without consulting the filter about any. */
    private static final class OnlyAString implements ObjectInputFilter {
        private String refused;

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.serialClass() == null && info.arrayLength() < 0 && info.depth() <= 1) {
                return Status.UNDECIDED;
            }
            if (refused == null) {
                refused = info.serialClass() == null ? "object nested " + info.depth() + " deep"
                        : "object of class " + info.serialClass().getName();
            }
            return Status.REJECTED;
        }
    }
}
