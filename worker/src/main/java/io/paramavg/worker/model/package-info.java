/**
 * The network: its validated configuration and the factory that turns it into a DL4J
 * {@code MultiLayerNetwork}, plus the flat parameter and updater-state vectors that travel
 * between driver and executors.
 */
package io.paramavg.worker.model;
