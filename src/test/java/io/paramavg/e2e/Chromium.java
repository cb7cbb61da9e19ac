package io.paramavg.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium, to render pages the way a user's browser would. */
final class Chromium {
    private Chromium() {
    }

    /** The page's DOM after its scripts ran, as Chromium serialises it. */
    static String dumpDom(Path page) throws IOException, InterruptedException {
        String binary = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream()
                .filter(candidate -> Files.isExecutable(Path.of(candidate))).findFirst()
                .orElseThrow(() -> new AssertionError("this test needs Chromium: apt-get install chromium "
                        + "(.ci/run installs it)"));
        Path dom = Files.createTempFile("paramavg-dom", ".html");
        try {
            // Output goes to a file, so the timeout below can fire even if Chromium never closes its stdout.
            Process chromium = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--dump-dom", page.toUri().toString())
                    .redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
                chromium.destroyForcibly().waitFor();
                throw new AssertionError("chromium did not finish rendering " + page + " within 60 s");
            }
            String text = Files.readString(dom, StandardCharsets.UTF_8);
            if (chromium.exitValue() != 0) {
                throw new AssertionError("chromium failed (exit " + chromium.exitValue() + ") on " + page + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(dom);
        }
    }
}
