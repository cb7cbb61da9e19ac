package io.paramavg.driver.output;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.TablePreprocessing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Builds {@code manifest.json}: the provenance of a model (configuration, data checksums, versions, commit). */
public final class Manifest {
    private Manifest() {
    }

    public static Map<String, Object> of(RunConfig config, LoadedData data, String sparkVersion, String master,
                                         int shards, java.util.Collection<String> executors, Instant started) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("tool", "paramavg");
        manifest.put("started", started.toString());
        manifest.put("finished", Instant.now().toString());
        manifest.put("seed", config.training().seed());
        manifest.put("configuration", config.settings().asMap());
        manifest.put("shards", shards);
        manifest.put("spark_master", master);
        manifest.put("executors", executors);
        Map<String, Object> inputs = new LinkedHashMap<>();
        data.sha256().forEach((file, sha) -> inputs.put(file, Map.of("sha256", sha)));
        manifest.put("inputs", inputs);
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("train_records", data.train().count());
        shape.put("test_records", data.test().count());
        shape.put("rows", data.train().rows());
        shape.put("columns", data.train().columns());
        shape.put("classes", data.train().classes());
        if (data instanceof LoadedData.Table loaded) {
            TablePreprocessing table = loaded.preprocessing();
            // What evaluate and predict need to read more of the table as training read it.
            shape.put("format", table.format());
            shape.put("label_kind", table.labels().kind());
            shape.put("labels", table.labels().names());
            shape.put("normalize", io.paramavg.worker.settings.Setting.nameOf(table.scaling().kind()));
        }
        manifest.put("data", shape);
        manifest.put("versions", versions(sparkVersion));
        manifest.put("git_commit", gitCommit());
        return manifest;
    }

    /** paramavg, DL4J, Spark (as running) and Java versions. */
    public static Map<String, Object> versions(String sparkVersion) {
        Map<String, Object> versions = new LinkedHashMap<>();
        Properties built = buildProperties();
        versions.put("paramavg", built.getProperty("paramavg.version", "unknown"));
        versions.put("dl4j", built.getProperty("dl4j.version", "unknown"));
        versions.put("spark", sparkVersion);
        versions.put("java", System.getProperty("java.version"));
        versions.put("nd4j_backend", org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
        return versions;
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
    private static String gitCommit() {
        Properties built = buildProperties();
        String commit = built.getProperty("git.commit", "");
        if (!commit.matches("[0-9a-f]{40}")) {
            return null;
        }
        return "true".equals(built.getProperty("git.dirty")) ? commit + "-dirty" : commit;
    }
}
