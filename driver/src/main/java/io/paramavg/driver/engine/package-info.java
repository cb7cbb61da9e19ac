/**
 * The training engines. paramavg's own: shards resident on executors; barrier stages of many rounds,
 * whose tasks rendezvous once through the driver's coordinator and then average among themselves
 * every round (a split allreduce over their own sockets); between stages the driver writes checkpoints,
 * evaluates on the test shards and reports epochs; each round is still reported to the driver as it
 * ends. Only parameters and updater state cross the network each round; the data stays where its
 * shard was built.
 */
package io.paramavg.driver.engine;
