package io.paramavg.worker.nd4j;

import org.nd4j.common.config.ND4JClassLoading;

/**
 * The process-wide native settings that only take effect before ND4J loads: OpenBLAS reads its kernel
 * choice when the library loads ({@link BlasKernel}), JavaCPP reads its memory limits when its
 * {@code Pointer} class initialises, and ND4J picks its shape-descriptor provider when it initialises
 * ({@link CachingShapeInfoProvider}).
 *
 * <p>The gate every path through ND4J passes is ND4J's own backend discovery: it instantiates every
 * {@code Nd4jBackend} its class loader lists before it chooses one, and {@link NativeSetupHook}, listed
 * by this module, runs {@link #beforeNd4j} then. So a table partition built on an executor, a model
 * restored by Spark ML or anything else that happens to touch ND4J first in a JVM gets the same set-up
 * as a training task. The entry points (the driver's {@code main}, each executor task, Spark ML scoring)
 * also call it, for a JVM whose ND4J sits on a class loader that cannot see this module. Later calls do
 * nothing.
 */
public final class NativeSetup {
    /** JavaCPP's limit on the process's resident memory, checked on every native allocation. */
    static final String PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    /** ND4J's property naming its shape-descriptor provider class (system properties override its backend's). */
    static final String SHAPE_INFO_PROVIDER = "shapeinfoprovider";
    /** A class only ND4J's CPU backend has: the provider is for that backend's arrays. */
    static final String CPU_BACKEND = "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class";
    /** ND4J's CUDA backend, which ND4J prefers when a GPU is usable: the cache must not be its provider. */
    static final String GPU_BACKEND = "org/nd4j/linalg/jcublas/JCublasBackend.class";

    private static volatile boolean ran;

    private NativeSetup() {
    }

    /**
     * Chooses the BLAS kernel and, unless the user set a limit, turns off JavaCPP's resident-memory check.
     * That check reads the process's resident size from the kernel on every native allocation (about 1.1
     * µs each, measured here), and a DL4J minibatch makes hundreds of small ones (shape descriptors): in a
     * JFR profile of one shard's training it held a fifth of the native samples. ND4J's own limit on the
     * bytes it allocates ({@code org.bytedeco.javacpp.maxBytes}) still applies; a user who wants the
     * resident check (for a container's memory limit, see conf/spark-defaults.conf.example) sets it.
     * Where the CPU backend is the only one ND4J can load, it also installs
     * {@link CachingShapeInfoProvider}, unless the user named a provider ({@code -Dshapeinfoprovider=...});
     * with a GPU backend beside it, {@link NativeSetupHook} decides once ND4J has tried the GPU.
     */
    public static synchronized void beforeNd4j() {
        if (ran) {
            return;
        }
        BlasKernel.select();
        if (System.getProperty(PHYSICAL_BYTES) == null && System.getProperty(PHYSICAL_BYTES.toLowerCase()) == null) {
            System.setProperty(PHYSICAL_BYTES, "0");
        }
        ClassLoader nd4j = nd4jClassLoader();
        if (Backends.of(nd4j) == Backends.CPU_ONLY) {
            installCache(nd4j);
        }
        ran = true;
    }

    /** Whether {@link #beforeNd4j} has run in this JVM. */
    public static boolean ran() {
        return ran;
    }

    /** Which of ND4J's backends a class loader can load. */
    enum Backends {
        CPU_ONLY, CPU_AND_GPU, NO_CPU;

        static Backends of(ClassLoader loader) {
            if (loader.getResource(CPU_BACKEND) == null) {
                return NO_CPU;
            }
            return loader.getResource(GPU_BACKEND) == null ? CPU_ONLY : CPU_AND_GPU;
        }
    }

    /**
     * Names the cache as ND4J's shape-descriptor provider, unless the user named one or ND4J's class loader
     * cannot load it (ND4J on a parent class loader of this module's: ND4J would then fail to initialise
     * at all). Only for the CPU backend: its buffers are host memory.
     */
    static synchronized void installCache(ClassLoader nd4j) {
        if (System.getProperty(SHAPE_INFO_PROVIDER) == null && visible(nd4j)) {
            System.setProperty(SHAPE_INFO_PROVIDER, CachingShapeInfoProvider.class.getName());
        }
    }

    /** Whether {@code nd4j} loads the very cache class this module has (not a copy from another jar). */
    static boolean visible(ClassLoader nd4j) {
        try {
            return Class.forName(CachingShapeInfoProvider.class.getName(), false, nd4j) == CachingShapeInfoProvider.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The class loader ND4J loads its backends and named classes through (the thread's, when it first loaded). */
    static ClassLoader nd4jClassLoader() {
        ClassLoader loader = ND4JClassLoading.getNd4jClassloader();
        return loader != null ? loader : NativeSetup.class.getClassLoader();
    }
}
