package io.paramavg.driver.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paramavg.driver.output.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few calls of MLflow's REST API (version 2.0 of its paths, which MLflow 2 and 3 serve) that a
 * run needs, with the JDK's HTTP client and the JSON library Spark already ships. Each call either
 * returns what the server answered or throws {@link MlflowException} naming the endpoint and the
 * server's error; retrying is the caller's choice.
 */
final class MlflowClient {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration CALL = Duration.ofSeconds(60);
    /** MLflow's limit of params in one log-batch request. */
    static final int PARAMS_PER_BATCH = 100;
    /** MLflow's limit of metrics in one log-batch request. */
    static final int METRICS_PER_BATCH = 1000;

    private final URI server;
    private final HttpClient http;

    MlflowClient(String server) throws MlflowException {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        try {
            this.server = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new MlflowException("mlflow.tracking-uri: expected an http(s) URL, found '" + server + "'", e);
        }
        if (!"http".equals(this.server.getScheme()) && !"https".equals(this.server.getScheme())) {
            throw new MlflowException("mlflow.tracking-uri: expected an http(s) URL (a tracking server; paramavg does "
                    + "not write MLflow's file or database stores itself), found '" + server + "'");
        }
        http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    }

    String server() {
        return server.toString();
    }

    /** One metric value at one step. */
    record Metric(String key, double value, long timestamp, long step) {
    }

    /** The id of experiment {@code name}, created when there is none. */
    String experiment(String name) throws MlflowException {
        JsonNode found = call("GET", "/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), null, true);
        if (found != null) {
            return found.at("/experiment/experiment_id").asText();
        }
        ObjectNode create = Json.mapper().createObjectNode().put("name", name);
        return call("POST", "/api/2.0/mlflow/experiments/create", create, false).path("experiment_id").asText();
    }

    /** A new run in {@code experiment}; returns its id and artifact location. */
    MlflowRun createRun(String experiment, String name, long startMillis, Map<String, String> tags)
            throws MlflowException {
        ObjectNode body = Json.mapper().createObjectNode().put("experiment_id", experiment).put("run_name", name)
                .put("start_time", startMillis);
        ArrayNode tagArray = body.putArray("tags");
        tags.forEach((key, value) -> tagArray.addObject().put("key", key).put("value", value));
        JsonNode info = call("POST", "/api/2.0/mlflow/runs/create", body, false).path("run").path("info");
        return new MlflowRun(info.path("run_id").asText(), info.path("artifact_uri").asText());
    }

    /** Logs params (at most {@value #PARAMS_PER_BATCH}) and metrics (at most {@value #METRICS_PER_BATCH}). */
    void logBatch(String runId, Map<String, String> params, List<Metric> metrics) throws MlflowException {
        ObjectNode body = Json.mapper().createObjectNode().put("run_id", runId);
        ArrayNode paramArray = body.putArray("params");
        params.forEach((key, value) -> paramArray.addObject().put("key", key).put("value", value));
        ArrayNode metricArray = body.putArray("metrics");
        for (Metric metric : metrics) {
            metricArray.addObject().put("key", metric.key()).put("value", metric.value())
                    .put("timestamp", metric.timestamp()).put("step", metric.step());
        }
        call("POST", "/api/2.0/mlflow/runs/log-batch", body, false);
    }

    /** Sets tag {@code key} of the run. */
    void setTag(String runId, String key, String value) throws MlflowException {
        call("POST", "/api/2.0/mlflow/runs/set-tag", Json.mapper().createObjectNode().put("run_id", runId)
                .put("key", key).put("value", value), false);
    }

    /**
     * Registers the run's artifacts as a new version of registered model {@code name} (created when
     * missing) and points {@code alias} at it; returns the version.
     */
    String register(String name, MlflowRun run, String alias) throws MlflowException {
        JsonNode found = call("GET", "/api/2.0/mlflow/registered-models/get?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), null, true);
        if (found == null) {
            call("POST", "/api/2.0/mlflow/registered-models/create", Json.mapper().createObjectNode().put("name", name),
                    false);
        }
        String version = call("POST", "/api/2.0/mlflow/model-versions/create", Json.mapper().createObjectNode()
                .put("name", name).put("source", run.artifactUri()).put("run_id", run.id()), false)
                .at("/model_version/version").asText();
        call("POST", "/api/2.0/mlflow/registered-models/alias", Json.mapper().createObjectNode().put("name", name)
                .put("alias", alias).put("version", version), false);
        return version;
    }

    /** Ends the run with {@code status} (FINISHED, FAILED or KILLED). */
    void endRun(String runId, String status, long endMillis) throws MlflowException {
        call("POST", "/api/2.0/mlflow/runs/update", Json.mapper().createObjectNode().put("run_id", runId)
                .put("status", status).put("end_time", endMillis), false);
    }

    /**
     * Stores {@code file} as artifact {@code name} of a run whose artifact location is {@code artifactUri}:
     * through the server's artifact proxy ({@code mlflow-artifacts:}, the default of {@code mlflow server}),
     * or into a local folder ({@code file:}, a server sharing this host's disk).
     */
    void uploadArtifact(String artifactUri, String name, Path file) throws MlflowException {
        URI location = URI.create(artifactUri);
        if ("mlflow-artifacts".equals(location.getScheme())) {
            String path = location.getPath().replaceAll("^/+", "");
            HttpRequest request = HttpRequest.newBuilder(URI.create(server + "/api/2.0/mlflow-artifacts/artifacts/"
                    + path + "/" + name)).timeout(CALL).PUT(body(file)).build();
            send(request, "PUT mlflow-artifacts " + path + "/" + name, false);
        } else if ("file".equals(location.getScheme()) || location.getScheme() == null) {
            try {
                Path folder = location.getScheme() == null ? Path.of(artifactUri) : Path.of(location);
                Files.createDirectories(folder);
                Files.copy(file, folder.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                throw new MlflowException("could not store artifact " + name + " in " + artifactUri + ": " + e, e);
            }
        } else {
            throw new MlflowException("the run's artifact location " + artifactUri + " is neither the server's "
                    + "artifact proxy (mlflow-artifacts:, mlflow server's default) nor a local folder; start the "
                    + "server with --serve-artifacts to receive paramavg's artifacts");
        }
    }

    private static HttpRequest.BodyPublisher body(Path file) throws MlflowException {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new MlflowException("could not read " + file + " to log it: " + e.getMessage(), e);
        }
    }

    /** Calls {@code path}; with {@code absentIsNull}, MLflow's "does not exist" answer is null rather than an error. */
    private JsonNode call(String method, String path, ObjectNode body, boolean absentIsNull) throws MlflowException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).timeout(CALL)
                .header("Content-Type", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return send(request.build(), method + " " + path.replaceAll("\\?.*", ""), absentIsNull);
    }

    private JsonNode send(HttpRequest request, String what, boolean absentIsNull) throws MlflowException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MlflowException(server + ": " + what + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(server + ": " + what + ": interrupted", e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 == 2) {
            return answer;
        }
        if (absentIsNull && "RESOURCE_DOES_NOT_EXIST".equals(answer.path("error_code").asText())) {
            return null;
        }
        String body = response.body().length() > 300 ? response.body().substring(0, 300) + "…" : response.body();
        throw new MlflowException(server + ": " + what + ": HTTP " + response.statusCode() + " " + body.strip());
    }

    /** The answer as JSON; a body that is not (a proxy's HTML error page) reads as empty, its status tells. */
    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
