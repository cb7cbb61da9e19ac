package io.paramavg.worker.nd4j;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.Map;
import java.util.Optional;

/**
 * Which native code this JVM's ND4J runs: the kernel OpenBLAS chose (and how it was chosen, see
 * {@link BlasKernel}), the instruction set libnd4j was built for against what the CPU offers, and whether
 * its shape descriptors come from paramavg's cache ({@link NativeSetup}). Every
 * executor reports it once per run in the run log and the manifest, so a slow executor can be told
 * apart from a slow network.
 */
public final class NativeBuild {
    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;
    private static volatile String description;

    private NativeBuild() {
    }

    /** One line, such as {@code OpenBLAS SkylakeX (chosen from the CPU's flags), libnd4j an x86-64 build on an AVX-512 CPU}. */
    public static String describe() {
        String known = description;
        if (known != null) {
            return known;
        }
        synchronized (NativeBuild.class) {
            if (description == null) {
                description = compute();
            }
            return description;
        }
    }

    private static String compute() {
        if (!HostArrays.onHost()) {
            return "libnd4j " + Nd4j.getBackend().getClass().getSimpleName();
        }
        String how = BlasKernel.choice() == null ? "" : " (" + BlasKernel.choice() + ")";
        String blas = "OpenBLAS " + openBlasCore().orElse("kernel unknown") + how;
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        return blas + ", libnd4j " + level(ops.binaryLevel()) + " build on " + level(ops.optimalLevel()) + " CPU"
                + shapes(Nd4j.getShapeInfoProvider().getClass())
                + OpenMpPool.warning().map(warning -> "; " + warning).orElse("");
    }

    /**
     * Nothing when ND4J's shape descriptors come from paramavg's cache; else which provider they come from: a
     * JVM whose ND4J loaded before paramavg's set-up (or one the user gave another provider) says so.
     */
    static String shapes(Class<?> provider) {
        return provider == CachingShapeInfoProvider.class ? ""
                : "; shape descriptors from " + provider.getSimpleName() + ", not paramavg's cache";
    }

    /** libnd4j's levels: what its binary was compiled for, and the best the CPU could run. */
    static String level(int level) {
        return switch (level) {
            case 1 -> "an x86-64";
            case 2 -> "an AVX2";
            case 3 -> "an AVX-512";
            default -> "a generic";
        };
    }

    /**
     * {@code openblas_get_corename()} of the OpenBLAS this process loaded (JavaCPP's preset does not map
     * it): the library is found among the process's mapped files and its loaded copy looked up by path.
     */
    private static Optional<String> openBlasCore() {
        Optional<String> library = BlasKernel.loadedLibrary();
        if (library.isEmpty()) {
            return Optional.empty();
        }
        try {
            // RTLD_LAZY | RTLD_NOLOAD, scope local: a handle to the copy already loaded, never a second copy and
            // never its symbols made global (JNA's default RTLD_GLOBAL re-open crashed OpenBLAS in JVMs whose
            // OpenMP pool had more than one thread: "too many memory regions", then a SIGSEGV in sgemm).
            Function corename = NativeLibrary.getInstance(library.get(),
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD)).getFunction("openblas_get_corename");
            return Optional.ofNullable((String) corename.invoke(String.class, new Object[0]));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // Informational only: a platform without /proc or a BLAS that is not OpenBLAS.
            return Optional.empty();
        }
    }
}
