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
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model read back from any Hadoop file system: the network from {@code model.zip}, its
 * manifest from inside the zip (models written before the manifest moved inside have it beside the
 * zip), and the run's {@code metrics.json} when it lies beside it. Every read is validated; a file
 * that is not what it should be is a data error naming it.
 *
 * @param location where model.zip was read from
 * @param network  the network, with its updater state
 * @param manifest the run's manifest, or null when the model has none
 * @param metrics  the run's metrics, or null when there are none beside the model
 * @param table    a model trained on a table: its labels and feature scaling; null for IDX
 */
public record SavedModel(String location, MultiLayerNetwork network, JsonNode manifest, JsonNode metrics,
                         TablePreprocessing table) {

    /** A model held in memory (the Spark ML API keeps its zip): no manifest or metrics beside it to look for. */
    public static SavedModel fromBytes(String location, byte[] bytes) throws IOException {
        MultiLayerNetwork network = network(location, bytes);
        String embedded = ModelArchive.manifest(bytes);
        JsonNode manifest = embedded == null ? null : parse(embedded, location + " (entry " + ModelArchive.MANIFEST_KEY
                + ")");
        return new SavedModel(location, network, manifest, null, table(bytes, manifest,
                network.layerSize(network.getnLayers() - 1), location));
    }

    private static MultiLayerNetwork network(String location, byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(location, "model", "a DL4J MultiLayerNetwork zip (ModelSerializer)",
                    "a file that does not load (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    public static SavedModel load(String location, HadoopConf conf) throws IOException {
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem(conf.get());
        byte[] bytes = read(fs, path, location);
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(location, "model", "a DL4J MultiLayerNetwork zip (ModelSerializer)",
                    "a file that does not load (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        String embedded = ModelArchive.manifest(bytes);
        JsonNode manifest = embedded != null ? parse(embedded, location + " (entry " + ModelArchive.MANIFEST_KEY + ")")
                : json(fs, new Path(path.getParent(), OutputFiles.MANIFEST));
        return new SavedModel(location, network, manifest, json(fs, new Path(path.getParent(), OutputFiles.METRICS)),
                table(bytes, manifest, network.layerSize(network.getnLayers() - 1), location));
    }

    /** A model's bytes as written by paramavg, from any Hadoop file system (the Spark ML API keeps them). */
    public static byte[] bytes(String location, HadoopConf conf) throws IOException {
        Path path = new Path(location);
        return read(path.getFileSystem(conf.get()), path, location);
    }

    /** A table model's labels (from its manifest) and scaling (DL4J's normalizer entry), or null for IDX. */
    static TablePreprocessing table(byte[] bytes, JsonNode manifest, int classes, String location) throws IOException {
        if (manifest == null || !manifest.path("data").has("format")) {
            return null;
        }
        JsonNode data = manifest.path("data");
        List<String> labels = new ArrayList<>();
        data.path("labels").forEach(node -> labels.add(node.asText()));
        DataNormalization normalizer;
        try {
            normalizer = ModelSerializer.restoreNormalizerFromInputStream(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new DataFormatException(location, "normalizer", "DL4J's normalizer entry", "one that does not load ("
                    + e.getMessage() + ")");
        }
        return new TablePreprocessing(data.path("format").asText(), Labels.of(data.path("label_kind").asText(),
                labels, classes), Scaling.of(normalizer));
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

    private static JsonNode parse(String text, String where) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(where, "manifest", "JSON", "invalid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static JsonNode json(FileSystem fs, Path path) throws IOException {
        if (!fs.exists(path)) {
            return null;
        }
        try (FSDataInputStream in = fs.open(path)) {
            return new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(path.toString(), "content", "JSON", "invalid JSON ("
                    + e.getOriginalMessage() + ")");
        }
    }
}
