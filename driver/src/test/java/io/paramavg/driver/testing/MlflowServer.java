package io.paramavg.driver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramavg.driver.output.Json;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real MLflow tracking server for a test class: {@code mlflow server} on 127.0.0.1 with a SQLite
 * store and a local artifact folder under the test's folder, started by {@link #start} and stopped
 * (with its workers) by {@link #close}; and MLflow's own Python client reading back what it holds.
 * MLflow comes from PyPI into {@value #VENV}, made on first use as {@code python/run-tests} makes its
 * environment (later runs need no network).
 */
public final class MlflowServer implements AutoCloseable {
    static final String VENV = "python/.venv-mlflow";
    /** The MLflow the tests run against; the REST paths paramavg calls are those of MLflow 2 and 3. */
    static final String REQUIREMENT = "mlflow==3.17.2";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final Process process;
    private final String uri;
    private final Path log;

    private MlflowServer(Process process, String uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /** Starts a server keeping its store and artifacts in {@code folder}; returns once it answers /health. */
    public static MlflowServer start(Path folder) throws IOException, InterruptedException {
        Path venv = install();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = folder.resolve("mlflow-server.log");
        Process process = new ProcessBuilder(venv.resolve("bin/mlflow").toString(), "server", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--workers", "1",
                "--backend-store-uri", "sqlite:///" + folder.resolve("mlflow.db").toAbsolutePath(),
                "--artifacts-destination", folder.resolve("artifacts").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MlflowServer server = new MlflowServer(process, "http://127.0.0.1:" + port, log);
        server.awaitHealthy();
        return server;
    }

    public String uri() {
        return uri;
    }

    /** Every run of {@code experiment} as MLflow's client reads it (see {@code mlflow/runs.py}). */
    public JsonNode runs(String experiment) throws IOException, InterruptedException {
        return client("runs.py", experiment);
    }

    /** Registered model {@code name}'s versions and {@code alias}'s version (see {@code mlflow/registry.py}). */
    public JsonNode registry(String name, String alias) throws IOException, InterruptedException {
        return client("registry.py", name, alias);
    }

    private JsonNode client(String scriptName, String... args) throws IOException, InterruptedException {
        Path script = Files.createTempFile(scriptName, ".py");
        try (var in = MlflowServer.class.getResourceAsStream("/mlflow/" + scriptName)) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new java.util.ArrayList<>(List.of(venv().resolve("bin/python").toString(),
                script.toString(), uri));
        command.addAll(List.of(args));
        Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = python.waitFor();
        Files.delete(script);
        if (code != 0) {
            throw new IOException(scriptName + " exited " + code + ": " + out);
        }
        return Json.mapper().readTree(out);
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("mlflow server exited " + process.exitValue() + ": " + tail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(uri + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting: poll again.
            }
            Thread.sleep(500);
        }
        close();
        throw new IOException("mlflow server did not answer /health within " + STARTUP + ": " + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Stops the server and every worker process it started. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(child -> child.onExit().join());
    }

    private static Path venv() {
        return repositoryRoot().resolve(VENV);
    }

    private static Path repositoryRoot() {
        // Tests run in the module's folder (driver/); the repository is the one above.
        return Path.of("").toAbsolutePath().getParent();
    }

    /** The virtual environment with MLflow, made (python3 -m venv, pip install) when missing. */
    private static synchronized Path install() throws IOException, InterruptedException {
        Path venv = venv();
        Path stamp = venv.resolve(".installed-" + REQUIREMENT);
        if (Files.exists(stamp)) {
            return venv;
        }
        run(List.of("python3", "-m", "venv", venv.toString()));
        run(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install", "-q", REQUIREMENT));
        Files.createFile(stamp);
        return venv;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + out);
        }
    }
}
