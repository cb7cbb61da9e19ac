package io.paramavg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's PyTorch rows: {@code python/bench/torch_mlp.py} (the same MLP, Adam 1e-3, PyTorch's
 * default initialisation) in a Python that has PyTorch, one process with 1 and 2 threads at batch 32 and
 * 128, and DDP over gloo (the engine of Spark's {@code TorchDistributor}) with 2 processes of 1 thread at
 * batch 32 each. Each run is scored every epoch and stops at the first epoch that reaches the target once
 * it has run the comparison's epochs, so one run gives both its seconds per epoch and its time to accuracy.
 */
final class TorchRuns {
    static final String PYTORCH = "PyTorch";
    static final String DDP = PYTORCH + " DDP over gloo, 2 processes x 1 thread, batch 32 each";
    private static final String PROGRAM = "python/bench/torch_mlp.py";

    private final String python;
    private final String data;
    private final int minEpochs;
    private final int maxEpochs;
    private final double target;
    /** Where {@link #folder} copied the embedded sample, once it has. */
    private String embeddedCopy;

    TorchRuns(String python, String data, int minEpochs, int maxEpochs, double target) {
        this.python = python;
        this.data = data;
        this.minEpochs = minEpochs;
        this.maxEpochs = maxEpochs;
        this.target = target;
    }

    /** The row name of a single-process run. */
    static String single(int threads, int batch) {
        return String.format(Locale.ROOT, "%s, 1 process, %d thread%s, batch %d", PYTORCH, threads,
                threads == 1 ? "" : "s", batch);
    }

    /** Empty when {@code python} can run the program with PyTorch; otherwise why its rows are left out. */
    static String unavailable(String python) {
        if (python.isEmpty()) {
            return "no Python with PyTorch was named (scripts/bench installs one; --torch PYTHON)";
        }
        if (program() == null) {
            return PROGRAM + " was not found above " + Path.of("").toAbsolutePath();
        }
        try {
            Process probe = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(120, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return python + " cannot import torch";
            }
            return "";
        } catch (IOException e) {
            return python + " cannot be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Every PyTorch row, by name, in the order the tables show them. */
    Map<String, JsonNode> all() throws IOException, InterruptedException {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        for (int threads : new int[] {1, 2}) {
            for (int batch : new int[] {32, 128}) {
                rows.put(single(threads, batch), run("single", threads, batch));
            }
        }
        rows.put(DDP, run("ddp", 1, 32));
        return rows;
    }

    private JsonNode run(String mode, int threads, int batch) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, program().toString(), mode, "--data", folder(),
                "--epochs", String.valueOf(maxEpochs), "--min-epochs", String.valueOf(minEpochs), "--target",
                String.valueOf(target), "--threads", String.valueOf(threads), "--batch-size", String.valueOf(batch),
                "--seed", String.valueOf(BenchRun.SEED)));
        System.out.printf(Locale.ROOT, "== PyTorch %s: %d thread(s), batch %d, %d to %d epochs%n", mode, threads, batch,
                minEpochs, maxEpochs);
        ProcessBuilder builder = new ProcessBuilder(command);
        // PyTorch sizes OpenMP from this when it loads; set_num_threads then sets the pool it uses.
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        ObjectNode node = ChildResult.of(builder, line -> true, String.join(" ", command));
        node.put("shards", mode.equals("ddp") ? 2 : 1);
        return node;
    }

    /** The IDX folder for the program: the embedded sample is copied out of the classpath once, on first use. */
    private String folder() throws IOException {
        if (!data.equals("embedded")) {
            return data;
        }
        if (embeddedCopy != null) {
            return embeddedCopy;
        }
        Path dir = Files.createTempDirectory("paramavg-bench-embedded");
        dir.toFile().deleteOnExit();
        for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "test-images-idx3-ubyte.gz", "test-labels-idx1-ubyte.gz"}) {
            try (InputStream in = TorchRuns.class.getResourceAsStream("/paramavg/mnist-sample/" + name)) {
                if (in == null) {
                    throw new IOException("the embedded sample's " + name + " is not on the classpath");
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            dir.resolve(name).toFile().deleteOnExit();
        }
        embeddedCopy = dir.toString();
        return embeddedCopy;
    }

    /** The program, looked for upwards from the working folder (scripts/bench: the root; the tests: src/). */
    private static Path program() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(PROGRAM))) {
                return dir.resolve(PROGRAM);
            }
        }
        return null;
    }
}
