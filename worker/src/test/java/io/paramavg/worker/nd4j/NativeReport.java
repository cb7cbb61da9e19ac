package io.paramavg.worker.nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.nd4j.linalg.factory.Nd4j;

/** What a child JVM of the native set-up tests prints about its ND4J, one {@code key=value} a line. */
public final class NativeReport {
    private NativeReport() {
    }

    /** The provider ND4J uses, how the kernel was chosen, the run log's native line and JavaCPP's resident check. */
    public static void print() {
        System.out.println("provider=" + Nd4j.getShapeInfoProvider().getClass().getName());
        System.out.println("choice=" + BlasKernel.choice());
        System.out.println("native=" + NativeBuild.describe());
        System.out.println("physicalBytes=" + System.getProperty(NativeSetup.PHYSICAL_BYTES));
        System.out.println("ran=" + NativeSetup.ran());
        // The process environment as OpenBLAS reads it: Java's System.getenv is a copy taken at start-up.
        System.out.println("coretype=[" + Native.loadLibrary("c", LibC.class).getenv(BlasKernel.VARIABLE) + "]");
    }

    private interface LibC extends Library {
        String getenv(String name);
    }
}
