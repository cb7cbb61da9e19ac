/**
 * A search over settings: a grid (or a seeded random sample of it) of configuration values, each
 * combination a training run through the training service on the same Spark context, chosen by
 * the validation metric, never by the test set.
 */
package io.paramavg.driver.tune;
