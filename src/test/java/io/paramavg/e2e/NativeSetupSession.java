package io.paramavg.e2e;

import io.paramavg.worker.nd4j.NativeSetup;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the test JVM the native set-up every paramavg JVM makes before ND4J loads (registered through
 * {@code META-INF/services}, so it runs before any test). The end-to-end tests compare runs in this JVM
 * with runs in launcher JVMs bit for bit (a killed driver resumed here); without it this JVM would run
 * whatever kernel OpenBLAS picks for itself while the launcher's run the one chosen from the CPU's
 * flags, and on a CPU that OpenBLAS does not know the two differ.
 */
public final class NativeSetupSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeSetup.beforeNd4j();
    }
}
