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
        Process chromium = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--dump-dom", page.toUri().toString()).redirectError(
                ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!chromium.waitFor(60, TimeUnit.SECONDS) || chromium.exitValue() != 0) {
            throw new AssertionError("chromium failed on " + page + ": " + dom);
        }
        return dom;
    }
}
