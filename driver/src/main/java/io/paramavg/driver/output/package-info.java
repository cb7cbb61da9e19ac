/**
 * What a run leaves behind: the model (with its manifest inside), metrics, manifest and report,
 * each written to a temporary name on the output file system and renamed into place, so a crash
 * never leaves a half-written file where a finished one is expected. Every file name is in
 * {@link io.paramavg.driver.output.OutputFiles}.
 */
package io.paramavg.driver.output;
