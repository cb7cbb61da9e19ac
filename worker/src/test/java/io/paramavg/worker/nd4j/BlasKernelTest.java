package io.paramavg.worker.nd4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel choice is made from the flags alone, and never needs an instruction the CPU lacks. */
class BlasKernelTest {
    /** An AVX-512 server: Intel Sapphire Rapids or AMD Zen 4/5 (flags abridged). */
    private static final Set<String> AVX512 = Set.of("sse2", "ssse3", "sse4_2", "avx", "avx2", "fma", "avx512f",
            "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    /** AMD Zen 2/3 or Intel Haswell to Alder Lake. */
    private static final Set<String> AVX2 = Set.of("sse2", "ssse3", "sse4_2", "avx", "avx2", "fma");

    @Test
    void anAvx512CpuGetsTheSkylakeXKernel() {
        assertEquals("SkylakeX", BlasKernel.forFlags(AVX512));
    }

    @Test
    void aCpuWithoutAvx512GetsTheAvx2Kernel() {
        assertEquals("Haswell", BlasKernel.forFlags(AVX2));
    }

    @Test
    void aCpuWithOnlySomeAvx512SubsetsIsNotGivenTheAvx512Kernel() {
        // Xeon Phi (Knights Landing) has avx512f and avx512cd but not bw, dq or vl, which SkylakeX's code uses.
        Set<String> knightsLanding = new HashSet<>(AVX2);
        knightsLanding.addAll(Set.of("avx512f", "avx512cd", "avx512er", "avx512pf"));
        assertEquals("Haswell", BlasKernel.forFlags(knightsLanding));
    }

    @Test
    void avx2WithoutFmaFallsBackToTheAvxKernel() {
        assertEquals("SandyBridge", BlasKernel.forFlags(Set.of("sse2", "avx", "avx2")));
    }

    @Test
    void everyKernelAnAvx512CpuCanRunIsListedNewestFirst() {
        assertEquals(java.util.List.of("SkylakeX", "Haswell", "SandyBridge"), BlasKernel.runnable(AVX512));
        assertEquals(java.util.List.of("Haswell", "SandyBridge"), BlasKernel.runnable(AVX2));
    }

    @Test
    void aCpuWithoutAvxIsLeftToOpenBlas() {
        assertNull(BlasKernel.forFlags(Set.of("sse2", "ssse3", "sse4_1", "sse4_2")));
        assertNull(BlasKernel.forFlags(Set.of()));
    }

    @Test
    void flagsAreReadFromTheFirstProcessorInCpuinfo(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx avx2 FMA\n\n"
                + "processor\t: 1\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512cd avx512bw avx512dq avx512vl\n");
        Set<String> flags = BlasKernel.cpuFlags(cpuinfo);
        assertEquals(Set.of("fpu", "sse2", "avx", "avx2", "fma"), flags);
        assertEquals("Haswell", BlasKernel.forFlags(flags));
    }

    @Test
    void anUnreadableCpuinfoLeavesTheChoiceToOpenBlas(@TempDir Path dir) {
        assertTrue(BlasKernel.cpuFlags(dir.resolve("missing")).isEmpty());
    }

    @Test
    void aBlankValueCountsAsUnsetAndIsReplacedByTheKernelFromTheFlags() {
        assertEquals(new BlasKernel.Decision("Haswell", BlasKernel.FROM_FLAGS), BlasKernel.decide("", null, AVX2, false));
        assertEquals(new BlasKernel.Decision("Haswell", BlasKernel.FROM_FLAGS), BlasKernel.decide("  ", null, AVX2, false));
        assertEquals(new BlasKernel.Decision("SkylakeX", BlasKernel.FROM_FLAGS), BlasKernel.decide(null, null, AVX512, false));
    }

    @Test
    void aUsersValuePinsTheKernelAndALaunchersIsReportedAsChosenFromTheFlags() {
        assertEquals(new BlasKernel.Decision(null, BlasKernel.FROM_USER), BlasKernel.decide("Haswell", null, AVX512, false));
        assertEquals(new BlasKernel.Decision(null, BlasKernel.FROM_USER),
                BlasKernel.decide("Haswell", "SkylakeX", AVX512, false), "a value the launcher did not export is the user's");
        assertEquals(new BlasKernel.Decision(null, BlasKernel.FROM_FLAGS + " before the JVM started"),
                BlasKernel.decide("SkylakeX", "SkylakeX", AVX512, true));
    }

    @Test
    void onceOpenBlasHasLoadedNothingIsSetAndTheReportSaysItWasTooLate() {
        assertEquals(new BlasKernel.Decision(null, BlasKernel.TOO_LATE), BlasKernel.decide(null, null, AVX512, true));
        assertEquals(new BlasKernel.Decision(null, BlasKernel.TOO_LATE), BlasKernel.decide(" ", null, AVX2, true));
    }

    @Test
    void theEnvironmentForAProcessOnThisMachineCarriesTheKernelAndSaysWhoChoseIt() {
        String kernel = BlasKernel.forFlags(BlasKernel.thisCpuFlags());
        String set = System.getenv(BlasKernel.VARIABLE);
        java.util.Map<String, String> env = BlasKernel.environmentForThisMachine();
        if (set != null && !set.isBlank()) {
            assertEquals(set, env.get(BlasKernel.VARIABLE), "a value set here travels as it is");
        } else if (kernel == null) {
            assertTrue(env.isEmpty(), env.toString());
        } else {
            assertEquals(java.util.Map.of(BlasKernel.VARIABLE, kernel, BlasKernel.LAUNCHER_MARK, kernel), env);
        }
    }
}
