package io.paramavg.worker.nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses OpenBLAS's kernel from the CPU's flags, before the library loads. OpenBLAS (a
 * {@code DYNAMIC_ARCH} build) picks its kernel from a table of CPU models when it loads, and on a model
 * newer than its release it falls back to an older kernel: the bundled 0.3.21 runs its SSE3
 * {@code Prescott} kernel on a 2023 Intel Xeon with AVX-512 (~25% of a minibatch lost), and its AVX2
 * {@code Haswell} kernel on an AMD Zen 5, which also has AVX-512. It reads {@code OPENBLAS_CORETYPE} from
 * the process environment instead when that is set; this class sets it, in this process, through libc's
 * {@code setenv} (Java cannot change its own environment), to the newest kernel whose instructions the
 * CPU has. A value the user set is never touched, and a kernel is only ever chosen when every
 * instruction set it needs is among the flags.
 */
public final class BlasKernel {
    /** The variable OpenBLAS reads. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";

    /** Kernels this class may choose, newest first, with the CPU flags each one's code needs. */
    private enum Kernel {
        SKYLAKEX("SkylakeX", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"),
        HASWELL("Haswell", "avx2", "fma", "avx"),
        SANDYBRIDGE("SandyBridge", "avx");

        final String name;
        final Set<String> needs;

        Kernel(String name, String... needs) {
            this.name = name;
            this.needs = Set.of(needs);
        }
    }

    /** What {@link #select} did in this process; null until it ran. */
    private static volatile String choice;

    private BlasKernel() {
    }

    /**
     * The kernel for a CPU with {@code flags} (as {@code /proc/cpuinfo} lists them): the newest whose
     * instruction sets are all present, or null (OpenBLAS's own choice) when the CPU has not even AVX.
     */
    public static String forFlags(Set<String> flags) {
        List<String> kernels = runnable(flags);
        return kernels.isEmpty() ? null : kernels.get(0);
    }

    /** Every kernel this class knows whose instruction sets are all among {@code flags}, newest first. */
    public static List<String> runnable(Set<String> flags) {
        List<String> kernels = new ArrayList<>();
        for (Kernel kernel : Kernel.values()) {
            if (flags.containsAll(kernel.needs)) {
                kernels.add(kernel.name);
            }
        }
        return kernels;
    }

    /** This machine's CPU flags (empty where {@code /proc/cpuinfo} cannot be read). */
    public static Set<String> thisCpuFlags() {
        return cpuFlags(Path.of("/proc/cpuinfo"));
    }

    /**
     * Sets {@value #VARIABLE} for this process from its CPU's flags unless the user set it; once per
     * process, and before anything loads ND4J (after that OpenBLAS has already chosen). Returns how the
     * kernel was decided, for the run log.
     */
    public static synchronized String select() {
        if (choice != null) {
            return choice;
        }
        String set = System.getenv(VARIABLE);
        if (set != null && !set.isBlank()) {
            choice = "set by the user's " + VARIABLE;
            return choice;
        }
        String kernel = forFlags(thisCpuFlags());
        if (kernel == null) {
            choice = "OpenBLAS's own choice";
        } else if (setenv(kernel)) {
            choice = "chosen from the CPU's flags";
        } else {
            choice = "OpenBLAS's own choice (could not set " + VARIABLE + ")";
        }
        return choice;
    }

    /** How the kernel was decided in this process, or null before {@link #select}. */
    public static String choice() {
        return choice;
    }

    /** The flags of the first processor listed in a {@code /proc/cpuinfo}-format file; empty if unreadable. */
    static Set<String> cpuFlags(Path cpuinfo) {
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("flags")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT))
                    .map(flags -> Arrays.stream(flags.split("\\s+")).collect(Collectors.toUnmodifiableSet()))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: OpenBLAS decides, as it would without paramavg.
            return Set.of();
        }
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static boolean setenv(String kernel) {
        try {
            LibC libc = Native.loadLibrary("c", LibC.class);
            return libc.setenv(VARIABLE, kernel, 0) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
