package io.paramavg.worker.nd4j;

import org.nd4j.common.io.ClassPathResource;
import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Not a backend: the hook through which every JVM runs {@link NativeSetup} before ND4J loads anything
 * native. ND4J finds its backends with a {@code ServiceLoader} (this module lists this class in
 * {@code META-INF/services}) and instantiates all of them before it asks any whether it is available,
 * so this constructor runs first whichever class first touched ND4J. Neither the CPU backend's
 * constructor nor its availability check loads a native library.
 *
 * <p>ND4J asks the backends in order of priority and loads the first available one. With only the CPU
 * backend this hook sorts last and is never asked. With the CUDA backend beside it (the {@code -Pcuda}
 * build), which ND4J tries first, it sorts between the two: ND4J asks it only when the GPU backend was
 * not available, so the CPU backend is next, and it installs the CPU-only shape-descriptor cache then
 * (a GPU run keeps CUDA's own provider). It always answers that it is not available, and ND4J logs its
 * reason as a skipped backend.
 *
 * <p>{@code -Dparamavg.native-setup-hook=false} turns it off, for a JVM that must run ND4J exactly as a plain
 * DL4J program does with paramavg's jar on its class path (the benchmark's baseline).
 */
public final class NativeSetupHook extends Nd4jBackend {
    /** The system property that turns the hook off when {@code false}. */
    public static final String ENABLED = "paramavg.native-setup-hook";

    private final ClassLoader nd4j;
    private final boolean enabled;

    /** ND4J's {@code ServiceLoader} calls this. */
    public NativeSetupHook() {
        this(NativeSetup.nd4jClassLoader());
    }

    NativeSetupHook(ClassLoader nd4j) {
        this.nd4j = nd4j;
        this.enabled = !"false".equalsIgnoreCase(System.getProperty(ENABLED));
        if (enabled) {
            NativeSetup.beforeNd4j();
        }
    }

    @Override
    public int getPriority() {
        if (enabled && NativeSetup.Backends.of(nd4j) == NativeSetup.Backends.CPU_AND_GPU
                && BACKEND_PRIORITY_GPU - BACKEND_PRIORITY_CPU >= 2) {
            return BACKEND_PRIORITY_CPU + 1;
        }
        return Integer.MIN_VALUE;
    }

    @Override
    public boolean isAvailable() {
        if (enabled && NativeSetup.Backends.of(nd4j) == NativeSetup.Backends.CPU_AND_GPU) {
            NativeSetup.installCache(nd4j);
            throw new IllegalStateException("paramavg's native set-up, not a backend: the GPU backend is not "
                    + "available, so ND4J loads its CPU backend next, with paramavg's shape-descriptor cache");
        }
        return false;
    }

    @Override
    public boolean canRun() {
        return false;
    }

    @Override
    public boolean allowsOrder() {
        return false;
    }

    @Override
    public Resource getConfigurationResource() {
        // Never asked: ND4J reads the configuration of the backend it loads, which this never is.
        return new ClassPathResource("nd4j-native.properties", NativeSetupHook.class.getClassLoader());
    }

    @Override
    public Class<?> getNDArrayClass() {
        return null;
    }

    @Override
    public Environment getEnvironment() {
        return null;
    }

    @Override
    public String buildInfo() {
        return "paramavg's native set-up (not a backend)";
    }

    @Override
    public void logBackendInit() {
        // Never loaded, so nothing to log.
    }
}
