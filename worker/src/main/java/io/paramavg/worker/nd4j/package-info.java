/** ND4J process set-up on an executor: how many native threads one task may use. */
package io.paramavg.worker.nd4j;
