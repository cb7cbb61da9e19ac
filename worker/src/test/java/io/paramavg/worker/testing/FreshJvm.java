package io.paramavg.worker.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a class's {@code main} in a new JVM with this test JVM's class path: for what only happens once per
 * JVM (ND4J's initialisation, OpenBLAS's kernel choice), which the test JVM has long since done. The
 * child gets the module-opening options of this JVM and none of its {@code -D} settings (surefire's
 * JavaCPP limits would hide what the set-up decides), then the {@code options} given.
 */
public final class FreshJvm {
    private FreshJvm() {
    }

    /** The child's standard output, after it exited 0; {@code environment} edits its environment first. */
    public static String run(Class<?> main, Consumer<Map<String, String>> environment, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx1g");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("--add-opens") || option.startsWith("--add-exports")).toList());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.accept(builder.environment());
        Process child = builder.start();
        byte[] output = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM did not end");
        String said = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), said);
        return said;
    }

    /** The value a child printed on a line {@code key=value} (the last such line), or fails. */
    public static String value(String output, String key) {
        String found = null;
        for (String line : output.split("\n")) {
            if (line.startsWith(key + "=")) {
                found = line.substring(key.length() + 1).strip();
            }
        }
        assertTrue(found != null, "no line " + key + "= in:\n" + output);
        return found;
    }
}
