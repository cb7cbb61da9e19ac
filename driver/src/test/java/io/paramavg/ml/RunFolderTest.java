package io.paramavg.ml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fit's folder: a temporary one under java.io.tmpdir goes away with its files; a given one stays. */
class RunFolderTest {
    @TempDir
    Path dir;

    @Test
    void temporaryFolderIsMadeUnderJavaIoTmpdirAndRemovedWithItsFiles() throws IOException {
        String saved = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        Path folder;
        try (RunFolder run = RunFolder.of("")) {
            assertTrue(run.isTemporary());
            assertTrue(run.location().startsWith("file:" + dir + "/" + RunFolder.PREFIX), run.location());
            folder = Path.of(run.location().substring("file:".length()));
            Files.createDirectories(folder.resolve("checkpoints"));
            Files.writeString(folder.resolve("checkpoints/ckpt-1"), "state");
            Files.writeString(folder.resolve("model.zip"), "model");
        } finally {
            System.setProperty("java.io.tmpdir", saved);
        }
        assertFalse(Files.exists(folder), folder + " is removed");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void givenOutputDirIsUsedAsItIsAndKept() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (RunFolder run = RunFolder.of(out.toString())) {
            assertFalse(run.isTemporary());
            assertEquals(out.toString(), run.location());
        }
        assertTrue(Files.isDirectory(out));
    }
}
