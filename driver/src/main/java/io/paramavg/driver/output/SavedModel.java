package io.paramavg.driver.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.data.table.Labels;
import io.paramavg.driver.data.table.Scaling;
import io.paramavg.worker.data.DataFormatException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * A trained model read back from any Hadoop file system: the network from {@code model.zip}, its
 * manifest from inside the zip (models written before the manifest moved inside have it beside the
 * zip), and the run's {@code metrics.json} when it lies beside it. Every read is validated; a file
 * that is not what it should be is a data error naming it. A model file is untrusted input: its entries
 * are checked ({@link ArchiveEntries}) and its manifest read ({@link SerializedString}) before DL4J is
 * given a byte, and DL4J restores from an archive rebuilt from the checked entries only.
 *
 * @param location where model.zip was read from
 * @param network  the network, with its updater state
 * @param manifest the run's provenance, or null when the model has none
 * @param metrics  the run's metrics, or null when there are none beside the model
 * @param table    a model trained on a table: its labels and feature scaling; null for IDX
 */
public record SavedModel(String location, MultiLayerNetwork network, Manifest manifest, JsonNode metrics,
                         TablePreprocessing table) {

    /** A model held in memory (the Spark ML API keeps its zip): no manifest or metrics beside it to look for. */
    public static SavedModel fromBytes(String location, byte[] bytes) throws IOException {
        ArchiveEntries entries = ArchiveEntries.read(location, bytes);
        Manifest manifest = embeddedManifest(location, entries);
        byte[] checked = entries.forDl4j();
        MultiLayerNetwork network = network(location, checked);
        return new SavedModel(location, network, manifest, null, table(checked, manifest,
                network.layerSize(network.getnLayers() - 1), location));
    }

    /** DL4J's restore of {@code checked}: an archive {@link ArchiveEntries} rebuilt from entries it checked. */
    private static MultiLayerNetwork network(String location, byte[] checked) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(checked), true);
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(location, "model", "a DL4J MultiLayerNetwork zip (ModelSerializer)",
                    "a file that does not load (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    public static SavedModel load(String location, HadoopConf conf) throws IOException {
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem(conf.get());
        ArchiveEntries entries = ArchiveEntries.read(location, read(fs, path, location));
        Manifest manifest = embeddedManifest(location, entries);
        byte[] checked = entries.forDl4j();
        MultiLayerNetwork network = network(location, checked);
        if (manifest == null) {
            // Models written before the manifest moved inside model.zip have it beside the zip.
            Path beside = new Path(path.getParent(), OutputFiles.MANIFEST);
            JsonNode json = json(fs, beside);
            manifest = json == null ? null : Manifest.read(beside.toString(), json);
        }
        Path metricsPath = new Path(path.getParent(), OutputFiles.METRICS);
        JsonNode metrics = json(fs, metricsPath);
        if (metrics != null) {
            Metrics.requireReadable(metricsPath.toString(), metrics);
        }
        return new SavedModel(location, network, manifest, metrics,
                table(checked, manifest, network.layerSize(network.getnLayers() - 1), location));
    }

    private static Manifest embeddedManifest(String location, ArchiveEntries entries) {
        String embedded = ModelArchive.manifest(location, entries);
        return embedded == null ? null : Manifest.read(location + " (entry " + ModelArchive.MANIFEST_KEY + ")",
                embedded);
    }

    /**
     * The archive {@code bytes} (read from {@code location}) rebuilt from its checked entries: what to
     * hand DL4J elsewhere (the Spark ML API's executors), refused with a data error as {@link #fromBytes}
     * refuses it.
     */
    public static byte[] checked(String location, byte[] bytes) {
        return ArchiveEntries.read(location, bytes).forDl4j();
    }

    /** A model's bytes as written by paramavg, from any Hadoop file system (the Spark ML API keeps them). */
    public static byte[] bytes(String location, HadoopConf conf) throws IOException {
        Path path = new Path(location);
        return read(path.getFileSystem(conf.get()), path, location);
    }

    /** A table model's labels (from its manifest) and scaling (DL4J's normalizer entry), or null for IDX. */
    private static TablePreprocessing table(byte[] bytes, Manifest manifest, int classes, String location)
            throws IOException {
        if (manifest == null || manifest.data().table() == null) {
            return null;
        }
        Manifest.TableReading reading = manifest.data().table();
        DataNormalization normalizer;
        try {
            normalizer = ModelSerializer.restoreNormalizerFromInputStream(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new DataFormatException(location, "normalizer", "DL4J's normalizer entry", "one that does not load ("
                    + e.getMessage() + ")");
        }
        return new TablePreprocessing(reading.format(), Labels.of(reading.labelKind(), reading.labels(), classes),
                Scaling.of(normalizer));
    }

    /** The number of inputs the model's first layer takes. */
    public long inputs() {
        return network.layerInputSize(0);
    }

    /** The number of classes the model's output layer predicts. */
    public long classes() {
        return network.layerSize(network.getnLayers() - 1);
    }

    private static byte[] read(FileSystem fs, Path path, String location) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new DataFormatException(location, "model", "a model.zip", "no file at this path");
        }
    }

    private static JsonNode json(FileSystem fs, Path path) throws IOException {
        if (!fs.exists(path)) {
            return null;
        }
        try (FSDataInputStream in = fs.open(path)) {
            return new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(path.toString(), "content", "JSON", Json.invalid(e));
        }
    }
}
