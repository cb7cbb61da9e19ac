/**
 * End-to-end tests across modules: the real command line and launcher, real Spark, real DL4J
 * training on the embedded MNIST sample. Tagged {@code slow}; CI runs them.
 */
package io.paramavg.e2e;
