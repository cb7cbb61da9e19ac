package io.paramavg.worker.nd4j;

/**
 * The process-wide native settings that only take effect before ND4J loads: OpenBLAS reads its kernel
 * choice when the library loads ({@link BlasKernel}), JavaCPP reads its memory limits when its
 * {@code Pointer} class initialises, and ND4J picks its shape-descriptor provider when it initialises
 * ({@link CachingShapeInfoProvider}). Every JVM that trains calls {@link #beforeNd4j} first: the driver's
 * {@code main} and each executor task before its first ND4J call. Later calls do nothing.
 */
public final class NativeSetup {
    /** JavaCPP's limit on the process's resident memory, checked on every native allocation. */
    static final String PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    /** ND4J's property naming its shape-descriptor provider class (system properties override its backend's). */
    static final String SHAPE_INFO_PROVIDER = "shapeinfoprovider";
    /** A class only ND4J's CPU backend has: the provider is for that backend's arrays. */
    private static final String CPU_BACKEND = "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class";

    private NativeSetup() {
    }

    /**
     * Chooses the BLAS kernel and, unless the user set a limit, turns off JavaCPP's resident-memory check.
     * That check reads the process's resident size from the kernel on every native allocation (about 1.1
     * µs each, measured here), and a DL4J minibatch makes hundreds of small ones (shape descriptors): in a
     * JFR profile of one shard's training it held a fifth of the native samples. ND4J's own limit on the
     * bytes it allocates ({@code org.bytedeco.javacpp.maxBytes}) still applies; a user who wants the
     * resident check (for a container's memory limit, see conf/spark-defaults.conf.example) sets it.
     * On the CPU backend it also installs {@link CachingShapeInfoProvider}, unless the user named a
     * provider ({@code -Dshapeinfoprovider=...}).
     */
    public static synchronized void beforeNd4j() {
        BlasKernel.select();
        if (System.getProperty(PHYSICAL_BYTES) == null && System.getProperty(PHYSICAL_BYTES.toLowerCase()) == null) {
            System.setProperty(PHYSICAL_BYTES, "0");
        }
        if (System.getProperty(SHAPE_INFO_PROVIDER) == null
                && NativeSetup.class.getClassLoader().getResource(CPU_BACKEND) != null) {
            System.setProperty(SHAPE_INFO_PROVIDER, CachingShapeInfoProvider.class.getName());
        }
    }
}
