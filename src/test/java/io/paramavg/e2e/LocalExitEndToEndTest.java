package io.paramavg.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Java program that trains with paramavg in local mode ends when its {@code main} returns: Spark 3.5's
 * barrier task timer (SPARK-46895), a non-daemon thread, no longer keeps the JVM alive. Run as a real
 * process with this JVM's options and classpath.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LocalExitEndToEndTest {
    /** Time allowed between main's return and the JVM's end (Spark's shutdown hooks run in it). */
    private static final long EXIT_GRACE_SECONDS = 60;

    @Test
    void aMainThatFitsInLocalModeStopsSparkAndReturnsEndsItsJvm() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-agentlib:jdwp")).toList());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LocalFitMain.class.getName());
        Process program = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        boolean returned = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(program.getInputStream(),
                StandardCharsets.UTF_8))) {
            // Up to main's last line only: the program's output may stay open for as long as its JVM does.
            while (!returned) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                output.append(line).append('\n');
                returned = line.equals(LocalFitMain.RETURNING);
            }
            assertTrue(returned, "the program failed before main returned:\n" + output);
            Thread drain = new Thread(() -> lines.lines().forEach(line -> { }));
            drain.setDaemon(true);
            drain.start();
            boolean ended = program.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS);
            assertTrue(ended, "main returned, but the JVM was still running " + EXIT_GRACE_SECONDS
                    + " s later: a non-daemon thread holds it (Spark's barrier task timer, SPARK-46895?)");
            assertEquals(0, program.exitValue(), output.toString());
        } finally {
            program.destroyForcibly();
        }
    }
}
