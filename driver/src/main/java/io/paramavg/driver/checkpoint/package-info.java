/**
 * Checkpoints of a running training job: what they hold, their validated file format, and the folder
 * of them under {@code <out>/checkpoints} on any Hadoop file system, from which {@code --resume}
 * continues an interrupted run.
 */
package io.paramavg.driver.checkpoint;
