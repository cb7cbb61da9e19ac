package io.paramavg.worker.nd4j;

import io.paramavg.worker.testing.FreshJvm;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever touches ND4J first in a JVM, the native set-up has run before ND4J loads: each test starts a
 * JVM that never calls {@link NativeSetup} itself.
 */
class NativeSetupOnEveryPathTest {
    @Test
    void aJvmWhoseFirstNd4jCallCreatesAnArrayGetsTheCacheTheKernelAndNoResidentCheck() throws Exception {
        // A blank OPENBLAS_CORETYPE counts as unset: it is replaced by the kernel chosen from the flags.
        String said = FreshJvm.run(FirstTouchIsAnArray.class, env -> {
            env.put(BlasKernel.VARIABLE, " ");
            env.remove(BlasKernel.LAUNCHER_MARK);
        });
        assertEquals(CachingShapeInfoProvider.class.getName(), FreshJvm.value(said, "provider"), said);
        assertFalse(FreshJvm.value(said, "native").contains("shape descriptors from"), said);
        assertEquals("true", FreshJvm.value(said, "ran"), said);
        assertEquals("0", FreshJvm.value(said, "physicalBytes"), said);
        String kernel = BlasKernel.forFlags(BlasKernel.thisCpuFlags());
        if (kernel != null) {
            assertEquals(BlasKernel.FROM_FLAGS, FreshJvm.value(said, "choice"), said);
            assertEquals("[" + kernel + "]", FreshJvm.value(said, "coretype"), said);
            // The kernel OpenBLAS reports having loaded is the one chosen from the flags (its names differ in case).
            String logged = FreshJvm.value(said, "native").toLowerCase(Locale.ROOT);
            assertTrue(logged.startsWith("openblas " + kernel.toLowerCase(Locale.ROOT) + " (chosen from the cpu's flags)"),
                    said);
        }
    }

    @Test
    void aLaunchersKernelIsReportedAsChosenFromTheFlagsAndAUsersAsTheUsers() throws Exception {
        String kernel = BlasKernel.forFlags(BlasKernel.thisCpuFlags());
        String pinned = kernel == null ? "Prescott" : kernel;
        String launched = FreshJvm.run(FirstTouchIsAnArray.class, env -> {
            env.put(BlasKernel.VARIABLE, pinned);
            env.put(BlasKernel.LAUNCHER_MARK, pinned);
        });
        assertEquals(BlasKernel.FROM_FLAGS + " before the JVM started", FreshJvm.value(launched, "choice"), launched);
        String users = FreshJvm.run(FirstTouchIsAnArray.class, env -> {
            env.put(BlasKernel.VARIABLE, pinned);
            env.remove(BlasKernel.LAUNCHER_MARK);
        });
        assertEquals(BlasKernel.FROM_USER, FreshJvm.value(users, "choice"), users);
        assertTrue(FreshJvm.value(users, "native").toLowerCase(Locale.ROOT)
                .startsWith("openblas " + pinned.toLowerCase(Locale.ROOT)), users);
    }

    @Test
    void aSetUpAfterOpenBlasLoadedSaysItWasTooLate() throws Exception {
        String said = FreshJvm.run(OpenBlasLoadedFirst.class, env -> {
            env.remove(BlasKernel.VARIABLE);
            env.remove(BlasKernel.LAUNCHER_MARK);
        });
        assertEquals("true", FreshJvm.value(said, "loaded"), said);
        assertEquals(BlasKernel.TOO_LATE, FreshJvm.value(said, "choice"), said);
    }
}
