/**
 * The training engine: shards resident on executors, rounds of broadcast → fit → tree-aggregate →
 * average, distributed evaluation, and the reports each round and epoch produce. Only parameters
 * and updater state cross the network each round; the data stays where its shard was built.
 */
package io.paramavg.driver.engine;
