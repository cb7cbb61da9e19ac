package io.paramavg.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation's performance page is what {@code scripts/bench} wrote: rendering the figures kept
 * beside it gives the page byte for byte, so a hand edit (or a figure copied from elsewhere) fails here.
 */
class PerformancePageTest {

    @Test
    void thePerformancePageIsTheRenderingOfItsFigures() throws IOException {
        Path page = repositoryRoot().resolve("docs/performance.md");
        Path figures = Tables.figuresOf(page);
        assertTrue(Files.isRegularFile(page) && Files.isRegularFile(figures),
                "docs/performance.md and docs/performance.json are written by scripts/bench; one is missing");
        assertEquals(Tables.page(new ObjectMapper().readTree(figures.toFile())), Files.readString(page),
                "docs/performance.md differs from the rendering of docs/performance.json: re-run scripts/bench "
                        + "instead of editing the page");
    }

    /** The tests run from the src module; the repository root is the folder above that has docs/ and scripts/. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here.getParent() != null && !Files.isDirectory(here.resolve("scripts"))) {
            here = here.getParent();
        }
        return here;
    }
}
