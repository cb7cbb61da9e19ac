/**
 * What a run leaves behind: the model, metrics and manifest, each written to a temporary name on
 * the output file system and renamed into place, so a crash never leaves a half-written file
 * where a finished one is expected.
 */
package io.paramavg.driver.output;
