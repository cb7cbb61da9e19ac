/**
 * ND4J process set-up on an executor (how many native threads one task may use), and bulk copies
 * between Java arrays and ND4J's host buffers.
 */
package io.paramavg.worker.nd4j;
