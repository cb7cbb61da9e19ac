package io.paramavg.driver.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.driver.output.Json;
import io.paramavg.driver.output.Manifest;
import io.paramavg.driver.output.SavedModel;
import io.paramavg.worker.onnx.OnnxExport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an exported model says of itself in ONNX's metadata_props (which ONNX Runtime returns as its
 * custom metadata map): the label of each class index, what its input is, and the provenance of the
 * run that trained it (a few fields flat for a model registry's search, and the whole manifest as
 * JSON). Every key starts with {@value #PREFIX}.
 */
final class OnnxMetadata {
    static final String PREFIX = "paramavg.";
    /** The original label of each class index, a JSON array of strings. */
    static final String LABELS = PREFIX + "labels";
    /** The whole manifest of the run that trained the model, as manifest.json holds it. */
    static final String MANIFEST = PREFIX + "manifest";

    private OnnxMetadata() {
    }

    static Map<String, String> of(SavedModel model, OnnxInputScaling scaling) {
        Manifest manifest = model.manifest();
        TablePreprocessing table = model.table();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PREFIX + "input", input(model, scaling));
        metadata.put(PREFIX + "scaling", scaling.description());
        metadata.put(LABELS, json(labels(model)));
        metadata.put(PREFIX + "label_kind", table == null ? "identity" : table.labels().kind());
        put(metadata, PREFIX + "version", manifest.versions().paramavg());
        put(metadata, PREFIX + "trained", manifest.finished());
        put(metadata, PREFIX + "git_commit", manifest.gitCommit());
        metadata.put(PREFIX + "seed", String.valueOf(manifest.seed()));
        if (model.metrics() != null && model.metrics().at("/test/accuracy").isNumber()) {
            metadata.put(PREFIX + "test_accuracy", model.metrics().at("/test/accuracy").asText());
        }
        metadata.put(MANIFEST, manifest.toJson());
        return metadata;
    }

    /** The model's doc_string: its shape, its input and its outputs in a sentence each. */
    static String description(SavedModel model, OnnxInputScaling scaling) {
        List<String> sizes = new ArrayList<>();
        sizes.add(String.valueOf(model.inputs()));
        for (int i = 0; i < model.network().getnLayers(); i++) {
            sizes.add(String.valueOf(model.network().layerSize(i)));
        }
        return String.format(Locale.ROOT, "An MLP (%s) trained by paramavg. Input '%s' [batch, %d]: %s. Outputs "
                        + "'%s' [batch, %d], the class probabilities, and '%s' [batch], the most probable class index; "
                        + "metadata %s gives each index's label.", String.join("-", sizes), OnnxExport.INPUT,
                model.inputs(), input(model, scaling), OnnxExport.PROBABILITIES, model.classes(), OnnxExport.CLASS,
                LABELS);
    }

    private static String input(SavedModel model, OnnxInputScaling scaling) {
        Manifest.DataSummary data = model.manifest().data();
        if (model.table() == null) {
            return String.format(Locale.ROOT, "the grey levels 0-255 of a %dx%d image, row by row, as an IDX file "
                    + "stores them (the graph divides them by 255)", data.rows(), data.columns());
        }
        String scaled = switch (scaling.description()) {
            case "standardize" -> " (the graph standardizes them with the training set's mean and standard "
                    + "deviation)";
            case "min-max" -> " (the graph scales them to [0, 1] with the training set's minimum and maximum)";
            default -> " (used as they are)";
        };
        return String.format(Locale.ROOT, "the %d feature values of a %s row, in column order, unscaled%s",
                model.inputs(), model.table().format(), scaled);
    }

    private static List<String> labels(SavedModel model) {
        if (model.table() != null) {
            return model.table().labels().names();
        }
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < model.classes(); c++) {
            labels.add(String.valueOf(c));
        }
        return labels;
    }

    private static void put(Map<String, String> metadata, String key, Object value) {
        if (value != null) {
            metadata.put(key, value.toString());
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writer().withoutFeatures(
                    com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings did not serialise", e);
        }
    }
}
