package io.paramavg.worker.nd4j;

import io.paramavg.worker.testing.FreshJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4jBackend;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ND4J's backend discovery finds the hook; the CPU-only cache is never chosen for a run that ND4J gives
 * the GPU backend, nor named where ND4J's class loader could not load it.
 */
class NativeSetupHookTest {
    @Test
    void nd4jsBackendDiscoveryFindsTheHook() {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(Nd4jBackend.class, ND4JClassLoading.getNd4jClassloader()).stream()
                .forEach(provider -> found.add(provider.type().getName()));
        assertTrue(found.contains(NativeSetupHook.class.getName()), found.toString());
    }

    @Test
    void withTheCpuBackendAloneTheHookSortsLastAndIsNeverAsked(@TempDir Path dir) throws IOException {
        try (URLClassLoader cpu = backends(dir, NativeSetup.CPU_BACKEND)) {
            assertEquals(NativeSetup.Backends.CPU_ONLY, NativeSetup.Backends.of(cpu));
            assertEquals(Integer.MIN_VALUE, new NativeSetupHook(cpu).getPriority());
        }
    }

    @Test
    void withTheGpuBackendBesideItTheCacheWaitsUntilNd4jFoundTheGpuUnavailable(@TempDir Path dir) throws IOException {
        try (URLClassLoader both = backends(dir, NativeSetup.CPU_BACKEND, NativeSetup.GPU_BACKEND)) {
            assertEquals(NativeSetup.Backends.CPU_AND_GPU, NativeSetup.Backends.of(both),
                    "beforeNd4j leaves the provider alone for this class loader");
            NativeSetupHook hook = new NativeSetupHook(both);
            int priority = hook.getPriority();
            assertTrue(priority > Nd4jBackend.BACKEND_PRIORITY_CPU && priority < Nd4jBackend.BACKEND_PRIORITY_GPU,
                    "between the backends: asked only after the GPU backend, before the CPU backend, found " + priority);
            IllegalStateException said = assertThrows(IllegalStateException.class, hook::isAvailable);
            assertTrue(said.getMessage().startsWith("paramavg's native set-up, not a backend"), said.getMessage());
        }
    }

    @Test
    void theCacheIsNamedOnlyWhereNd4jsClassLoaderLoadsThisVeryClass(@TempDir Path dir) throws IOException {
        assertTrue(NativeSetup.visible(CachingShapeInfoProvider.class.getClassLoader()));
        try (URLClassLoader apart = backends(dir, NativeSetup.CPU_BACKEND)) {
            assertFalse(NativeSetup.visible(apart), "a class loader that cannot see this module");
        }
    }

    @Test
    void aJvmStartedWithTheHookOffRunsNd4jAsAPlainDl4jProgramDoes() throws Exception {
        String said = FreshJvm.run(FirstTouchIsAnArray.class, env -> { },
                "-D" + NativeSetupHook.ENABLED + "=false");
        assertEquals("false", FreshJvm.value(said, "ran"), said);
        assertEquals("null", FreshJvm.value(said, "choice"), said);
        assertTrue(FreshJvm.value(said, "native").contains(
                "shape descriptors from DirectShapeInfoProvider, not paramavg's cache"), said);
    }

    /** A class loader (with no parent) that lists these class files, empty: enough for a resource lookup. */
    private static URLClassLoader backends(Path dir, String... classes) throws IOException {
        for (String name : classes) {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[0]);
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }
}
