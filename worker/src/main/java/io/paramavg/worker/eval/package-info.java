/** Evaluating a model on one shard of a test set; the per-shard results merge on the driver. */
package io.paramavg.worker.eval;
