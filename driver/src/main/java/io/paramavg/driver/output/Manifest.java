package io.paramavg.driver.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.TablePreprocessing;
import io.paramavg.worker.data.DataFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The provenance of a model (configuration, data checksums and shape, versions, commit): what
 * {@code manifest.json} and the copy inside {@code model.zip} hold. This class is the one place that
 * writes that JSON ({@link #toMap}) and reads it back ({@link #read}); nothing else looks inside it
 * by key.
 *
 * <p>Format 1 is every manifest written before the format had a number (the field is absent); format
 * 2 adds {@code format_version} and is otherwise laid out the same. A reader refuses a newer format
 * rather than guess what its fields mean. Fields that older versions did not write (the executors
 * before the second commit, a table's labels before tables) read as empty or null.
 *
 * @param formatVersion  the format the manifest was written in (1: no {@code format_version} field)
 * @param started        when the run started
 * @param finished       when it wrote its outputs
 * @param seed           the run seed
 * @param configuration  every key and its resolved value, in declaration order
 * @param shards         the resolved shard count
 * @param sparkMaster    the Spark master it ran on
 * @param executors      the executors that trained, as they named themselves; empty when not recorded
 * @param inputs         each input file and its SHA-256
 * @param data           the data's shape (and for a table, how it was read)
 * @param versions       paramavg, DL4J, Spark, Java and ND4J backend
 * @param gitCommit      the commit the jar was built from ({@code -dirty} when the tree had changes), or null
 */
public record Manifest(int formatVersion, Instant started, Instant finished, long seed,
                       Map<String, String> configuration, int shards, String sparkMaster, List<String> executors,
                       Map<String, String> inputs, DataSummary data, Versions versions, String gitCommit) {
    /** The format this paramavg writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 2;
    /** What manifests written before the format had a number read as. */
    static final int UNNUMBERED = 1;
    private static final String TOOL = "paramavg";

    public Manifest {
        // Unmodifiable copies that keep the declaration order the JSON is written in.
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        executors = List.copyOf(executors);
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /**
     * The data a model was trained on.
     *
     * @param trainRecords records in the training set (validation hold-out included)
     * @param testRecords  records in the test set
     * @param rows         image rows (1 for a table)
     * @param columns      image columns (the feature count for a table)
     * @param classes      classes
     * @param table        how a table was read, which evaluate and predict repeat; null for IDX
     */
    public record DataSummary(long trainRecords, long testRecords, int rows, int columns, int classes,
                              TableReading table) {
    }

    /**
     * How a table's rows became features and classes.
     *
     * @param format    the table format (csv, libsvm, parquet, dataframe)
     * @param labelKind how labels were mapped to classes
     * @param labels    the label of each class, in class order
     * @param normalize the feature scaling's name
     */
    public record TableReading(String format, String labelKind, List<String> labels, String normalize) {
        public TableReading {
            labels = List.copyOf(labels);
        }
    }

    /** The versions a model was trained with; any of them null when not recorded. */
    public record Versions(String paramavg, String dl4j, String spark, String java, String nd4jBackend) {
    }

    /** The provenance of a finished run. */
    public static Manifest of(RunConfig config, LoadedData data, String sparkVersion, String master, int shards,
                              Collection<String> executors, Instant started) {
        TableReading table = null;
        if (data instanceof LoadedData.Table loaded) {
            // What evaluate and predict need to read more of the table as training read it.
            TablePreprocessing read = loaded.preprocessing();
            table = new TableReading(read.format(), read.labels().kind(), read.labels().names(),
                    io.paramavg.worker.settings.Setting.nameOf(read.scaling().kind()));
        }
        DataSummary shape = new DataSummary(data.train().count(), data.test().count(), data.train().rows(),
                data.train().columns(), data.train().classes(), table);
        return new Manifest(FORMAT_VERSION, started, Instant.now(), config.training().seed(),
                config.settings().asMap(), shards, master, new ArrayList<>(executors), data.sha256(), shape,
                runningVersions(sparkVersion), builtCommit());
    }

    /** The JSON layout, as nested maps in the order written (what {@link Json} and the report take). */
    public Map<String, Object> toMap() {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format_version", formatVersion);
        manifest.put("tool", TOOL);
        manifest.put("started", started == null ? null : started.toString());
        manifest.put("finished", finished == null ? null : finished.toString());
        manifest.put("seed", seed);
        manifest.put("configuration", configuration);
        manifest.put("shards", shards);
        manifest.put("spark_master", sparkMaster);
        manifest.put("executors", executors);
        Map<String, Object> files = new LinkedHashMap<>();
        inputs.forEach((file, sha) -> files.put(file, Map.of("sha256", sha)));
        manifest.put("inputs", files);
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("train_records", data.trainRecords());
        shape.put("test_records", data.testRecords());
        shape.put("rows", data.rows());
        shape.put("columns", data.columns());
        shape.put("classes", data.classes());
        if (data.table() != null) {
            shape.put("format", data.table().format());
            shape.put("label_kind", data.table().labelKind());
            shape.put("labels", data.table().labels());
            shape.put("normalize", data.table().normalize());
        }
        manifest.put("data", shape);
        Map<String, Object> built = new LinkedHashMap<>();
        built.put("paramavg", versions.paramavg());
        built.put("dl4j", versions.dl4j());
        built.put("spark", versions.spark());
        built.put("java", versions.java());
        built.put("nd4j_backend", versions.nd4jBackend());
        manifest.put("versions", built);
        manifest.put("git_commit", gitCommit);
        return manifest;
    }

    /** The manifest's JSON text, as it is stored inside {@code model.zip}. */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest of strings and numbers did not serialise", e);
        }
    }

    /** Reads a manifest's JSON text; {@code where} names the file (or zip entry) for errors. */
    public static Manifest read(String where, String text) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(where, "manifest", "JSON", Json.invalid(e));
        }
        return read(where, root);
    }

    /**
     * Reads and validates a manifest; {@code where} names the file (or zip entry) for errors. Every
     * field present must have its type; a format newer than {@link #FORMAT_VERSION} is refused.
     */
    public static Manifest read(String where, JsonNode root) {
        Fields in = new Fields(where, "");
        in.require(root, "manifest", "a JSON object", root.isObject());
        int version = UNNUMBERED;
        if (root.has("format_version")) {
            JsonNode field = root.get("format_version");
            in.require(field, "format_version", "an integer from " + UNNUMBERED + " to " + FORMAT_VERSION
                    + " (a newer paramavg wrote this manifest; read it with that version)",
                    field.isIntegralNumber() && field.canConvertToInt() && field.asInt() >= UNNUMBERED
                            && field.asInt() <= FORMAT_VERSION);
            version = field.asInt();
        }
        String tool = in.text(root, "tool");
        if (tool != null && !tool.equals(TOOL)) {
            throw new DataFormatException(where, "tool", "'" + TOOL + "'", "'" + tool + "'");
        }
        JsonNode configuration = root.path("configuration");
        in.require(configuration, "configuration", "an object of setting keys and values", configuration.isObject());
        Map<String, String> settings = new LinkedHashMap<>();
        Fields keys = in.under("configuration");
        configuration.fieldNames().forEachRemaining(key -> settings.put(key, keys.text(configuration, key)));
        Map<String, String> inputs = new LinkedHashMap<>();
        JsonNode files = in.object(root, "inputs");
        Fields checksums = in.under("inputs");
        files.fieldNames().forEachRemaining(file -> inputs.put(file,
                checksums.under(file).text(checksums.object(files, file), "sha256")));
        JsonNode versions = in.object(root, "versions");
        Fields built = in.under("versions");
        return new Manifest(version, in.instant(root, "started"), in.instant(root, "finished"),
                in.requiredInteger(root, "seed"), settings, (int) in.integer(root, "shards"),
                in.text(root, "spark_master"), in.texts(root, "executors"), inputs,
                data(in.under("data"), in.object(root, "data")),
                new Versions(built.text(versions, "paramavg"), built.text(versions, "dl4j"),
                        built.text(versions, "spark"), built.text(versions, "java"),
                        built.text(versions, "nd4j_backend")),
                in.text(root, "git_commit"));
    }

    private static DataSummary data(Fields in, JsonNode data) {
        TableReading table = null;
        if (data.has("format")) {
            table = new TableReading(in.text(data, "format"), in.text(data, "label_kind"), in.texts(data, "labels"),
                    in.text(data, "normalize"));
        }
        return new DataSummary(in.integer(data, "train_records"), in.integer(data, "test_records"),
                (int) in.integer(data, "rows"), (int) in.integer(data, "columns"), (int) in.integer(data, "classes"),
                table);
    }

    /** The value of {@code key} in the configuration the model was trained with, or null. */
    public String setting(String key) {
        return configuration.get(key);
    }

    /**
     * Typed reads of the fields of one object in a manifest; an error names the file and the field's
     * path from the manifest's root ({@code data/classes}). A field that is absent or null reads as
     * null, empty or 0: older manifests lack some.
     */
    private record Fields(String where, String prefix) {
        Fields under(String name) {
            return new Fields(where, path(name));
        }

        private String path(String name) {
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        void require(JsonNode node, String name, String expected, boolean ok) {
            if (!ok) {
                throw new DataFormatException(where, path(name), expected,
                        node.isMissingNode() ? "none" : node.toString());
            }
        }

        private static boolean absent(JsonNode node) {
            return node.isMissingNode() || node.isNull();
        }

        String text(JsonNode parent, String name) {
            JsonNode node = parent.path(name);
            if (absent(node)) {
                return null;
            }
            require(node, name, "text or a number", node.isValueNode());
            return node.asText();
        }

        List<String> texts(JsonNode parent, String name) {
            JsonNode node = parent.path(name);
            List<String> values = new ArrayList<>();
            if (absent(node)) {
                return values;
            }
            require(node, name, "an array of text", node.isArray());
            node.forEach(value -> {
                require(value, name, "an array of text", value.isValueNode());
                values.add(value.asText());
            });
            return values;
        }

        JsonNode object(JsonNode parent, String name) {
            JsonNode node = parent.path(name);
            if (absent(node)) {
                return Json.mapper().createObjectNode();
            }
            require(node, name, "an object", node.isObject());
            return node;
        }

        long integer(JsonNode parent, String name) {
            return absent(parent.path(name)) ? 0 : requiredInteger(parent, name);
        }

        long requiredInteger(JsonNode parent, String name) {
            JsonNode node = parent.path(name);
            require(node, name, "an integer", node.isIntegralNumber() && node.canConvertToLong());
            return node.asLong();
        }

        Instant instant(JsonNode parent, String name) {
            String text = text(parent, name);
            try {
                return text == null ? null : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new DataFormatException(where, path(name), "an ISO-8601 instant (2026-11-30T12:00:00Z)",
                        "'" + text + "'");
            }
        }
    }

    /** paramavg, DL4J, Spark (as running), Java and ND4J backend versions. */
    public static Versions runningVersions(String sparkVersion) {
        Properties built = buildProperties();
        return new Versions(built.getProperty("paramavg.version", "unknown"),
                built.getProperty("dl4j.version", "unknown"), sparkVersion, System.getProperty("java.version"),
                org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = Manifest.class.getResourceAsStream("/paramavg/build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Versions are informational; a missing resource leaves them "unknown".
        }
        return properties;
    }

    /**
     * The commit the running jar was built from (recorded by the build), marked {@code -dirty} when
     * the working tree had uncommitted changes; null when the build had no git checkout.
     */
    private static String builtCommit() {
        Properties built = buildProperties();
        String commit = built.getProperty("git.commit", "");
        if (!commit.matches("[0-9a-f]{40}")) {
            return null;
        }
        return "true".equals(built.getProperty("git.dirty")) ? commit + "-dirty" : commit;
    }
}
