/**
 * What a run leaves behind: the model (with its manifest inside), metrics, manifest and report,
 * each written to a temporary name on the output file system and renamed into place, so a crash
 * never leaves a half-written file where a finished one is expected. Every file name is in
 * {@link io.paramavg.driver.output.OutputFiles}. The manifest is a record,
 * {@link io.paramavg.driver.output.Manifest}, the one class that writes its JSON and reads it back
 * (every format so far; a newer one is refused); the files older releases wrote are kept as golden
 * test fixtures. Reading a model back treats the file as untrusted input: its entries, manifest and
 * normalizer header are checked before DL4J sees a byte ({@link io.paramavg.driver.output.SavedModel}).
 */
package io.paramavg.driver.output;
