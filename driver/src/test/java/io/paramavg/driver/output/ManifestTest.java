package io.paramavg.driver.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paramavg.driver.testing.Golden;
import io.paramavg.worker.data.DataFormatException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The manifest record: one layout written and read by one class, every older layout still read. */
class ManifestTest {
    private static final Manifest TABLE_RUN = new Manifest(Manifest.FORMAT_VERSION,
            Instant.parse("2026-11-30T12:00:00.123456789Z"), Instant.parse("2026-11-30T12:01:00Z"), -7,
            Map.of("train.seed", "-7", "data.format", "csv"), 3, "spark://h:7077", List.of("1@a", "2@b"),
            Map.of("hdfs:///t.csv", "ab12"),
            new Manifest.DataSummary(90, 10, 1, 4, 3,
                    new Manifest.TableReading("csv", "indexed-text", List.of("cat", "dog", "eel"), "standardize")),
            new Manifest.Versions("0.1.0", "1.0.0-M2.1", "3.5.7", "17.0.15", "CpuBackend"), "abc-dirty");

    @Test
    void aManifestReadsBackAsTheSameRecord() {
        assertEquals(TABLE_RUN, Manifest.read("m.json", TABLE_RUN.toJson()));
    }

    @Test
    void whatIsWrittenNowIsTheFormatOneLayoutWithOnlyTheVersionFieldAdded() throws IOException {
        for (String file : List.of("v1-model-manifest-beside/manifest.json", "format2-model/manifest.json")) {
            JsonNode written = Json.mapper().readTree(Files.readString(Golden.path(file)));
            ObjectNode expected = Json.mapper().createObjectNode();
            expected.put("format_version", written.path("format_version").asInt(1));
            written.properties().forEach(field -> expected.set(field.getKey(), field.getValue()));

            JsonNode rewritten = Json.mapper().readTree(Manifest.read(file, written).toJson());
            assertEquals(expected, rewritten, file);
        }
    }

    @Test
    void fieldsThatOlderManifestsDidNotWriteReadAsEmpty() {
        Manifest oldest = Manifest.read("m.json", "{\"tool\": \"paramavg\", \"seed\": 42, \"configuration\": {}}");
        assertEquals(1, oldest.formatVersion());
        assertEquals(List.of(), oldest.executors());
        assertEquals(Map.of(), oldest.inputs());
        assertNull(oldest.data().table());
        assertNull(oldest.versions().paramavg());
        assertNull(oldest.started());
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedNamingTheFileAndItsPath() {
        assertEquals("m.json: seed: expected an integer, found \"42\"", refusal(
                "{\"seed\": \"42\", \"configuration\": {}}"));
        assertEquals("m.json: data/classes: expected an integer, found 9.5", refusal(
                "{\"seed\": 1, \"configuration\": {}, \"data\": {\"classes\": 9.5}}"));
        assertEquals("m.json: configuration/train.seed: expected text or a number, found [1]", refusal(
                "{\"seed\": 1, \"configuration\": {\"train.seed\": [1]}}"));
        assertEquals("m.json: inputs/hdfs:///t.csv/sha256: expected text or a number, found {}", refusal(
                "{\"seed\": 1, \"configuration\": {}, \"inputs\": {\"hdfs:///t.csv\": {\"sha256\": {}}}}"));
        assertEquals("m.json: manifest: expected a JSON object, found [1]", refusal("[1]"));
        assertEquals("m.json: started: expected an ISO-8601 instant (2026-11-30T12:00:00Z), found 'yesterday'",
                refusal("{\"seed\": 1, \"configuration\": {}, \"started\": \"yesterday\"}"));
        assertEquals("m.json: configuration: expected an object of setting keys and values, found none",
                refusal("{\"seed\": 1}"));
        assertEquals("m.json: tool: expected 'paramavg', found 'other'",
                refusal("{\"tool\": \"other\", \"seed\": 1, \"configuration\": {}}"));
        assertEquals("m.json: manifest: expected JSON, found invalid JSON at line 1, column 2 (Unexpected "
                + "end-of-input: expected close marker for Object)", refusal("{"));
    }

    @Test
    void aFormatVersionThatIsNotAKnownIntegerIsRefusedNamingBoth() {
        for (String found : List.of("3", "0", "\"2\"", "2.5")) {
            assertEquals("m.json: format_version: expected an integer from 1 to 2 (a newer paramavg wrote this "
                    + "manifest; read it with that version), found " + found,
                    refusal("{\"format_version\": " + found + ", \"seed\": 1, \"configuration\": {}}"));
        }
    }

    private static String refusal(String json) {
        return assertThrows(DataFormatException.class, () -> Manifest.read("m.json", json)).getMessage();
    }
}
