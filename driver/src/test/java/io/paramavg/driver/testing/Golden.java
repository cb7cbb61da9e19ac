package io.paramavg.driver.testing;

import io.paramavg.driver.cli.Commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The golden fixtures in {@code src/test/resources/golden} (files older releases wrote; its README
 * says which) and the command line that reads them, as a user runs it.
 */
public final class Golden {
    private Golden() {
    }

    /** What one command printed and returned. */
    public record Outcome(int code, String out, String err) {
    }

    /** The fixture folder or file {@code name} under {@code golden/}, read-only. */
    public static Path path(String name) {
        URL url = Golden.class.getResource("/golden/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no golden fixture " + name + " on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url.toString(), e);
        }
    }

    /** A writable copy of the fixture folder {@code name} at {@code target}. */
    public static Path copy(String name, Path target) throws IOException {
        Path source = path(name);
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(file -> {
                try {
                    Files.copy(file, target.resolve(source.relativize(file).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }

    /** Runs one paramavg command in this JVM. */
    public static Outcome paramavg(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code base} followed by {@code more}: a fixture's command line with this test's additions. */
    public static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
