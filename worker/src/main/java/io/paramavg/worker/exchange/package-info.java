/**
 * Averaging among the tasks of one Spark stage without Spark: a split allreduce over plain sockets
 * (every rank owns one segment of the model, adds every rank's example-weighted sum of it in rank order
 * with {@link io.paramavg.worker.average.ParameterSum}'s arithmetic, divides, and sends the averaged
 * segment to all, so every rank ends with the same arrays), and the client side of the driver's
 * coordinator (register once per stage, learn rank 0's address, report each round). Every socket
 * operation has a deadline, so a dead or stuck peer fails the stage in bounded time instead of hanging it.
 */
package io.paramavg.worker.exchange;
