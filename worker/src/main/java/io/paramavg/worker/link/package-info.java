/**
 * Connections that only the tasks of one run can open: every connection of paramavg's own network
 * (to the driver's coordinator and between the tasks of a stage) starts with a mutual challenge and
 * response over fresh nonces, keyed by a per-run secret that reached the tasks through Spark's own
 * channel ({@link io.paramavg.worker.link.Handshake}); nothing else is read, and nothing is allocated
 * from what a peer sent, before both ends have proved they know it. After it, frames may be encrypted
 * and authenticated with AES-GCM under keys derived from the secret and both nonces
 * ({@link io.paramavg.worker.link.GcmOutputStream}, {@link io.paramavg.worker.link.GcmInputStream}).
 * Every step has a deadline ({@link io.paramavg.worker.link.Watchdog}), so a stranger that connects and
 * says nothing costs a thread for a bounded time and never a stage.
 */
package io.paramavg.worker.link;
