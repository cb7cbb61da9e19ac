package io.paramavg.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * One benchmark run in a child process (a JVM of {@link BenchRun}, or the PyTorch program): its output is
 * echoed where {@code echo} says so, and its last {@code RESULT {json}} line is its result.
 */
final class ChildResult {
    private static final String PREFIX = "RESULT ";

    private ChildResult() {
    }

    /** Starts {@code builder} (its error stream merged), waits for it; fails, naming {@code what}, without a result. */
    static ObjectNode of(ProcessBuilder builder, Predicate<String> echo, String what)
            throws IOException, InterruptedException {
        Process child = builder.redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(PREFIX)) {
                    result = line.substring(PREFIX.length());
                } else if (echo.test(line)) {
                    System.out.println("   " + line);
                }
            }
        }
        int code = child.waitFor();
        if (code != 0 || result == null) {
            throw new IllegalStateException(what + " failed (exit " + code + ")");
        }
        return (ObjectNode) new ObjectMapper().readTree(result);
    }
}
