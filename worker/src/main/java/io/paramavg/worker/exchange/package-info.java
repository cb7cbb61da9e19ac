/**
 * Averaging among the tasks of one Spark stage without Spark: a split allreduce over a full mesh of
 * authenticated connections (every rank owns one segment of the model, adds every rank's
 * example-weighted sum of it in rank order with {@link io.paramavg.worker.average.ParameterSum}'s
 * arithmetic, divides, and sends the averaged segment to all, so every rank ends with the same arrays),
 * and the client side of the driver's coordinator (register once per stage, learn rank 0's address,
 * report each round). One class per job: {@link io.paramavg.worker.exchange.Mesh} sets up the
 * connections, {@link io.paramavg.worker.exchange.SplitAllreduce} runs the rounds and schedules their
 * I/O, {@link io.paramavg.worker.exchange.Contributions} frames them,
 * {@link io.paramavg.worker.exchange.Segment} slices the model and
 * {@link io.paramavg.worker.exchange.SegmentAverage} does the arithmetic; the handshake and encryption
 * are {@link io.paramavg.worker.link}'s. Every socket operation has a deadline, so a dead or stuck
 * peer fails the stage in bounded time instead of hanging it.
 */
package io.paramavg.worker.exchange;
