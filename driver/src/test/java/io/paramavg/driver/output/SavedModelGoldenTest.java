package io.paramavg.driver.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.service.EvaluationService;
import io.paramavg.driver.testing.Golden;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models that older releases wrote (the golden fixtures; their README says which commit wrote
 * each) load, their provenance reads into the typed manifest, and they score the embedded test set
 * to exactly the accuracy their run recorded, as Tribuo checks models saved by an older release.
 */
class SavedModelGoldenTest {
    private static final HadoopConf CONF = new HadoopConf(new Configuration());
    /** What all three runs recorded: 1,742 of the 2,000 embedded test images. */
    private static final double RECORDED_ACCURACY = 0.871;
    private static final String TEST_IMAGES_SHA256 = "0f4dd87b4017ddf510983af768b591046c0f75e9591193bfdb6da7158dc36431";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"v1-model-manifest-beside, 1, 25", "unnumbered-manifest-inside, 1, 50", "format2-model, 2, 50"})
    void aGoldenModelsProvenanceReadsIntoTheManifestRecord(String folder, int format, int keys) throws IOException {
        SavedModel model = SavedModel.load(Golden.path(folder).resolve("model.zip").toString(), CONF);

        Manifest manifest = model.manifest();
        assertEquals(format, manifest.formatVersion());
        assertEquals(keys, manifest.configuration().size());
        assertEquals("16", manifest.setting("model.hidden-layers"));
        assertEquals(42, manifest.seed());
        assertEquals(2, manifest.shards());
        assertEquals("local[2]", manifest.sparkMaster());
        assertEquals(1, manifest.executors().size());
        assertEquals(TEST_IMAGES_SHA256, manifest.inputs().get("embedded:test-images-idx3-ubyte.gz"));
        assertEquals(4, manifest.inputs().size());
        assertEquals(new Manifest.DataSummary(8000, 2000, 28, 28, 10, null), manifest.data());
        assertEquals("1.0.0-M2.1", manifest.versions().dl4j());
        assertTrue(manifest.started().isBefore(manifest.finished()));
        assertNull(manifest.gitCommit(), "built from a git archive, outside any checkout");
        assertArrayEquals(new int[] {16}, EvaluationService.architectureOf(model).model().hiddenLayers());
        assertEquals(RECORDED_ACCURACY, model.metrics().at("/test/accuracy").asDouble());
    }

    @ParameterizedTest
    @CsvSource({"v1-model-manifest-beside", "unnumbered-manifest-inside", "format2-model"})
    void aGoldenModelScoresTheEmbeddedTestSetToTheAccuracyItsRunRecorded(String folder) throws IOException {
        Path model = Golden.path(folder).resolve("model.zip");
        Path out = dir.resolve("evaluation.json");
        Golden.Outcome evaluated = Golden.paramavg("evaluate", "--master", "local[2]", "--model", model.toString(),
                "--out", out.toString());
        assertEquals(0, evaluated.code(), evaluated.err());

        JsonNode scored = Json.mapper().readTree(out.toFile());
        JsonNode recorded = Json.mapper().readTree(Golden.path(folder).resolve("metrics.json").toFile());
        assertEquals(recorded.at("/test/accuracy").asDouble(), scored.at("/test/accuracy").asDouble());
        assertEquals(RECORDED_ACCURACY, scored.at("/test/accuracy").asDouble());
        assertEquals(recorded.at("/test/confusion_matrix"), scored.at("/test/confusion_matrix"));
    }

    @Test
    void aGoldenTableModelReadsItsLabelsAndScalingAndScoresItsTestRowsToTheAccuracyItsRunRecorded()
            throws IOException {
        Path folder = Golden.path("unnumbered-table-model");
        SavedModel model = SavedModel.load(folder.resolve("model.zip").toString(), CONF);
        assertEquals(new Manifest.TableReading("csv", "text", List.of("ant", "bee", "cat"), "standardize"),
                model.manifest().data().table());
        assertEquals(List.of("ant", "bee", "cat"), List.of(model.table().labels().name(0),
                model.table().labels().name(1), model.table().labels().name(2)));

        Golden.Outcome evaluated = Golden.paramavg("evaluate", "--master", "local[2]", "--model",
                folder.resolve("model.zip").toString(), "--data", folder.resolve("test.csv").toString());
        assertEquals(0, evaluated.code(), evaluated.err());
        double recorded = Json.mapper().readTree(folder.resolve("metrics.json").toFile()).at("/test/accuracy")
                .asDouble();
        assertEquals(0.77, recorded);
        assertTrue(evaluated.out().contains("test accuracy 0.7700 on 200 records"), evaluated.out());
    }

    @Test
    void aManifestFromAFutureFormatInsideTheZipIsRefusedNamingTheEntryTheFieldAndBothVersions() throws IOException {
        byte[] zip = Files.readAllBytes(Golden.path("format2-model/model.zip"));
        ObjectNode manifest = (ObjectNode) Json.mapper().readTree(ModelArchive.manifest("format2-model", zip));
        manifest.put("format_version", 3);

        DataFormatException e = assertThrows(DataFormatException.class,
                () -> SavedModel.fromBytes("m.zip", withManifest(zip, manifest.toString())));
        assertEquals("m.zip (entry paramavg-manifest.json): format_version: expected an integer from 1 to 2 (a newer "
                + "paramavg wrote this manifest; read it with that version), found 3", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"v1-model-manifest-beside, manifest.json, 7, manifest", "format2-model, metrics.json, 3, file"})
    void aJsonFileBesideAModelFromAFutureFormatIsRefusedNamingTheFileTheFieldAndBothVersions(String folder,
            String file, int version, String what) throws IOException {
        Path copy = Golden.copy(folder, dir.resolve("run"));
        setField(copy.resolve(file), "format_version", version);

        DataFormatException e = assertThrows(DataFormatException.class,
                () -> SavedModel.load(copy.resolve("model.zip").toString(), CONF));
        assertTrue(e.getMessage().endsWith("/run/" + file + ": format_version: expected an integer from 1 to 2 (a "
                + "newer paramavg wrote this " + what + "; read it with that version), found " + version),
                e.getMessage());
    }

    @Test
    void theManifestInsideTheZipWinsOverOneBesideIt() throws IOException {
        Path copy = Golden.copy("format2-model", dir.resolve("run"));
        setField(copy.resolve("manifest.json"), "seed", 7);

        assertEquals(42, SavedModel.load(copy.resolve("model.zip").toString(), CONF).manifest().seed());
    }

    @Test
    void aModelWithoutAnyManifestLoadsWithoutProvenanceAndCannotBeEvaluated() throws IOException {
        Path copy = Golden.copy("v1-model-manifest-beside", dir.resolve("run"));
        Files.delete(copy.resolve("manifest.json"));

        SavedModel model = SavedModel.load(copy.resolve("model.zip").toString(), CONF);
        assertNull(model.manifest());
        assertFalse(model.network().params().isEmpty());
        assertThrows(io.paramavg.driver.config.ConfigException.class, () -> EvaluationService.architectureOf(model));
    }

    @Test
    void theArchitectureOfAGoldenModelIsTheOneItsManifestNames() throws IOException {
        SavedModel model = SavedModel.load(Golden.path("format2-model/model.zip").toString(), CONF);
        RunConfig config = EvaluationService.architectureOf(model);
        Map<String, String> settings = config.settings().asMap();
        model.manifest().configuration().forEach((key, value) -> assertEquals(value, settings.get(key), key));
    }

    private static void setField(Path json, String field, int value) throws IOException {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(json.toFile());
        node.put(field, value);
        Files.writeString(json, node.toString());
    }

    /** {@code zip} with its manifest entry's text replaced, as {@link ModelArchive} stores it. */
    private static byte[] withManifest(byte[] zip, String manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("objects/" + ModelArchive.MANIFEST_KEY)) {
                    ObjectOutputStream object = new ObjectOutputStream(out);
                    object.writeObject(manifest);
                    object.flush();
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
