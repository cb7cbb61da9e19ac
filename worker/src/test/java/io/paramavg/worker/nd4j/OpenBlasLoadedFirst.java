package io.paramavg.worker.nd4j;

/** A JVM that loads ND4J's natives (and with them OpenBLAS) through JavaCPP directly, then runs the set-up. */
public final class OpenBlasLoadedFirst {
    private OpenBlasLoadedFirst() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        // Initialising JavaCPP's binding loads libnd4jcpu and OpenBLAS without ND4J's backend discovery.
        Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu", true, OpenBlasLoadedFirst.class.getClassLoader());
        NativeSetup.beforeNd4j();
        System.out.println("loaded=" + BlasKernel.loadedLibrary().isPresent());
        System.out.println("choice=" + BlasKernel.choice());
    }
}
