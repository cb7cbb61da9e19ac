/**
 * The model registry of scheduled retraining: numbered versions of a model on any Hadoop file
 * system, a {@code CURRENT} pointer switched atomically, a {@code history.jsonl} of every decision,
 * and the rules that keep it consistent across crashes and concurrent jobs.
 */
package io.paramavg.driver.registry;
