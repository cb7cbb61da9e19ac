/**
 * The side-by-side benchmark: single-process DL4J, paramavg's engine, DL4J's Spark training master
 * and Spark MLlib's MLP on the same data, one after another in child JVMs of one process tree.
 * Run it with {@code scripts/bench}; its smoke test runs it on the embedded sample.
 */
package io.paramavg.bench;
