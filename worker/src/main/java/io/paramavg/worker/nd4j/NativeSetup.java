package io.paramavg.worker.nd4j;

/**
 * The process-wide native settings that only take effect before ND4J loads: OpenBLAS reads its kernel
 * choice when the library loads ({@link BlasKernel}), and JavaCPP reads its memory limits when its
 * {@code Pointer} class initialises. Every JVM that trains calls {@link #beforeNd4j} first: the driver's
 * {@code main} and each executor task before its first ND4J call. Later calls do nothing.
 */
public final class NativeSetup {
    /** JavaCPP's limit on the process's resident memory, checked on every native allocation. */
    static final String PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private NativeSetup() {
    }

    /**
     * Chooses the BLAS kernel and, unless the user set a limit, turns off JavaCPP's resident-memory check.
     * That check reads the process's resident size from the kernel on every native allocation (about 1.1
     * µs each, measured here), and a DL4J minibatch makes hundreds of small ones (shape descriptors): in a
     * JFR profile of one shard's training it held a fifth of the native samples. ND4J's own limit on the
     * bytes it allocates ({@code org.bytedeco.javacpp.maxBytes}) still applies; a user who wants the
     * resident check (for a container's memory limit, see conf/spark-defaults.conf.example) sets it.
     */
    public static synchronized void beforeNd4j() {
        BlasKernel.select();
        if (System.getProperty(PHYSICAL_BYTES) == null && System.getProperty(PHYSICAL_BYTES.toLowerCase()) == null) {
            System.setProperty(PHYSICAL_BYTES, "0");
        }
    }
}
