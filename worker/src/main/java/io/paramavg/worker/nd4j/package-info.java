/**
 * ND4J process set-up: the native settings that must precede ND4J's loading (OpenBLAS's kernel, JavaCPP's
 * memory check, the shape-descriptor cache), made through a hook in ND4J's own backend discovery so that
 * every path through ND4J passes it; how many native threads one task may use; and bulk copies between
 * Java arrays and ND4J's host buffers.
 */
package io.paramavg.worker.nd4j;
