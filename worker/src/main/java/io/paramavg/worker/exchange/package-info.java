/**
 * Averaging among the tasks of one Spark stage without Spark: a star allreduce over plain sockets
 * (every rank sends its example-weighted sum to rank 0, which adds them in rank order with
 * {@link io.paramavg.worker.average.ParameterSum}'s arithmetic, divides, and sends the same averaged
 * arrays back to all), and the client side of the driver's coordinator (register once per stage,
 * learn rank 0's address, report each round). Every socket operation has a deadline, so a dead or
 * stuck peer fails the stage in bounded time instead of hanging it.
 */
package io.paramavg.worker.exchange;
