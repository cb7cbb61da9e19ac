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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses OpenBLAS's kernel from the CPU's flags, before the library loads. OpenBLAS (a
 * {@code DYNAMIC_ARCH} build) picks its kernel from a table of CPU models when it loads, and on a model
 * newer than its release it falls back to an older kernel: the bundled 0.3.21 runs its SSE3
 * {@code Prescott} kernel on a 2023 Intel Xeon with AVX-512 (~25% of a minibatch lost), and its AVX2
 * {@code Haswell} kernel on an AMD Zen 5, which also has AVX-512. It reads {@code OPENBLAS_CORETYPE} from
 * the process environment instead when that is set, and this class chooses the value: the newest kernel
 * whose instructions the CPU has.
 *
 * <p>The environment is best set before the JVM starts: glibc's {@code setenv} is not safe while other
 * threads read the environment, and a JVM runs many. So paramavg's launchers ({@code scripts/paramavg},
 * {@code scripts/cluster}) ask {@link #main} for the kernel and export it, with {@value #LAUNCHER_MARK}
 * naming the same value so that the run log can tell their choice from a user's; executors on the
 * driver's own host get it through {@code spark.executorEnv}. Only where nothing did (an executor on
 * another host, a notebook, plain {@code java}) does {@link #select} fall back to {@code setenv} in the
 * process. A value the user set (not blank) is never touched and pins the kernel; a kernel is only ever
 * chosen when every instruction set it needs is among the flags.
 */
public final class BlasKernel {
    /** The variable OpenBLAS reads. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";
    /** Set by paramavg's launchers to the kernel they exported in {@value #VARIABLE}: that value is theirs, not a user's. */
    public static final String LAUNCHER_MARK = "PARAMAVG_OPENBLAS_CORETYPE";
    /** How {@link #select} reports a kernel it set itself, or a launcher set from the same flags. */
    static final String FROM_FLAGS = "chosen from the CPU's flags";
    /** How {@link #select} reports a value it found set by someone other than paramavg. */
    static final String FROM_USER = "set by the user's " + VARIABLE;
    /** How {@link #select} reports being called after OpenBLAS had already chosen. */
    static final String TOO_LATE = "too late to choose: OpenBLAS was loaded before paramavg's set-up, its own choice";

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
     * Sets {@value #VARIABLE} for this process from its CPU's flags unless it is set (a blank value counts
     * as unset); once per process, and only before OpenBLAS loads (after that it has already chosen, and
     * this says so). Returns how the kernel was decided, for the run log.
     */
    public static synchronized String select() {
        if (choice != null) {
            return choice;
        }
        String set = System.getenv(VARIABLE);
        boolean loaded = loadedLibrary().isPresent();
        Decision decision = decide(set, System.getenv(LAUNCHER_MARK), thisCpuFlags(), loaded);
        if (decision.kernel() == null && set != null && set.isBlank() && !loaded) {
            // OpenBLAS would take a blank value for a kernel's name and print "Core not found" before choosing.
            unsetenv();
        }
        if (decision.kernel() != null && !setenv(decision.kernel())) {
            choice = "OpenBLAS's own choice (could not set " + VARIABLE + ")";
        } else {
            choice = decision.how();
        }
        return choice;
    }

    /** What {@link #select} does: the kernel to set in this process (null: none), and how the run log says it was decided. */
    record Decision(String kernel, String how) {
    }

    /**
     * The decision for a process whose environment holds {@code set} in {@value #VARIABLE} and
     * {@code mark} in {@value #LAUNCHER_MARK}, on a CPU with {@code flags}, with OpenBLAS already loaded or not.
     */
    static Decision decide(String set, String mark, Set<String> flags, boolean openBlasLoaded) {
        if (set != null && !set.isBlank()) {
            // A launcher's export is the same choice as this class's, made before the JVM started.
            return new Decision(null, set.equals(mark) ? FROM_FLAGS + " before the JVM started" : FROM_USER);
        }
        if (openBlasLoaded) {
            // Setting it now would change nothing but the report: OpenBLAS read its environment when it loaded.
            return new Decision(null, TOO_LATE);
        }
        String kernel = forFlags(flags);
        return kernel == null ? new Decision(null, "OpenBLAS's own choice") : new Decision(kernel, FROM_FLAGS);
    }

    /**
     * What a process started on this machine should find in its environment for OpenBLAS: the kernel
     * set here by a user (which pins it: {@value #VARIABLE} alone), else the one chosen from this CPU's
     * flags (with {@value #LAUNCHER_MARK} saying so); empty when OpenBLAS should choose. For a launcher,
     * and for executors that run on this host.
     */
    public static Map<String, String> environmentForThisMachine() {
        String set = System.getenv(VARIABLE);
        if (set != null && !set.isBlank()) {
            return set.equals(System.getenv(LAUNCHER_MARK)) ? Map.of(VARIABLE, set, LAUNCHER_MARK, set)
                    : Map.of(VARIABLE, set);
        }
        String kernel = forFlags(thisCpuFlags());
        return kernel == null ? Map.of() : Map.of(VARIABLE, kernel, LAUNCHER_MARK, kernel);
    }

    /**
     * Prints the kernel a launcher should export in {@value #VARIABLE} (and {@value #LAUNCHER_MARK}) before
     * it starts a JVM: the one chosen from this CPU's flags, or nothing when the environment already
     * names one (not blank) or OpenBLAS should choose. Loads neither ND4J nor OpenBLAS.
     */
    public static void main(String[] args) {
        String set = System.getenv(VARIABLE);
        String kernel = set != null && !set.isBlank() ? null : forFlags(thisCpuFlags());
        System.out.println(kernel == null ? "" : kernel);
    }

    /**
     * The path of the OpenBLAS library this process has loaded, from its mapped files; empty before it
     * loads, and where {@code /proc} cannot be read.
     */
    static Optional<String> loadedLibrary() {
        try (var maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.contains("libopenblas") && path.startsWith("/")).findFirst();
        } catch (IOException | RuntimeException e) {
            // Not Linux: nothing tells, so the choice is made as if OpenBLAS had not loaded yet.
            return Optional.empty();
        }
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

        int unsetenv(String name);
    }

    private static void unsetenv() {
        try {
            Native.loadLibrary("c", LibC.class).unsetenv(VARIABLE);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // The blank value stays: OpenBLAS's fallback kernel, slower but correct.
        }
    }

    private static boolean setenv(String kernel) {
        try {
            LibC libc = Native.loadLibrary("c", LibC.class);
            // Overwrite: only reached when the variable is unset or blank, and a blank one must be replaced.
            return libc.setenv(VARIABLE, kernel, 1) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
