package io.paramavg.driver.output;

import io.paramavg.driver.config.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two runs on one --out cannot both write; a dead owner's lock is recognised and can be broken. */
class RunLockTest {
    private static org.apache.hadoop.fs.Path path(Path dir) {
        return new org.apache.hadoop.fs.Path(dir.toUri());
    }

    private static FileSystem fs() throws IOException {
        return FileSystem.getLocal(new Configuration());
    }

    @Test
    @SuppressWarnings("try") // the lock is held for its scope, not named
    void aSecondRunIsRefusedNamingTheOwner(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        try (RunLock first = RunLock.acquire(fs(), path(out), false)) {
            ConfigException e = assertThrows(ConfigException.class, () -> RunLock.acquire(fs(), path(out), true));
            assertTrue(e.getMessage().contains("is in use by process " + ProcessHandle.current().pid() + " on "
                    + InetAddress.getLocalHost().getHostName()), e.getMessage());
            assertTrue(e.getMessage().contains("started 20"), e.getMessage());
        }
        assertFalse(Files.exists(out), "a folder the run created and left empty is removed with the lock");
    }

    @Test
    @SuppressWarnings("try") // the lock is held for its scope, not named
    void aLockOfADeadProcessIsStaleAndBrokenOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(OutputFiles.LOCK), "{\"host\":\"" + InetAddress.getLocalHost().getHostName()
                + "\",\"pid\":" + dead.pid() + ",\"started\":\"2026-01-01T00:00:00Z\"}");

        ConfigException e = assertThrows(ConfigException.class, () -> RunLock.acquire(fs(), path(out), false));
        assertTrue(e.getMessage().contains("no longer running"), e.getMessage());
        assertTrue(e.getMessage().contains("--break-lock"), e.getMessage());

        try (RunLock broken = RunLock.acquire(fs(), path(out), true)) {
            assertTrue(Files.readString(out.resolve(OutputFiles.LOCK)).contains("\"pid\":" + ProcessHandle.current().pid()));
        }
        assertTrue(Files.exists(out), "a folder that existed before the run stays");
    }
}
