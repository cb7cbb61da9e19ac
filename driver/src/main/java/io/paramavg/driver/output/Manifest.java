package io.paramavg.driver.output;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.LoadedData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

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

    /** The commit of the working directory's git checkout, or null outside one (a cluster node). */
    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return null;
            }
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
