/**
 * Connections that only the tasks of one run can open: every connection of paramavg's own network
 * (to the driver's coordinator and between the tasks of a stage) starts with a mutual challenge and
 * response over fresh nonces, keyed by the secret of the stage (derived from the run's on the driver,
 * {@link io.paramavg.worker.link.RunSecret#forStage}) that reached the tasks through Spark's own channel, and binding which ranks are talking ({@link io.paramavg.worker.link.Handshake},
 * {@link io.paramavg.worker.link.Roles}); nothing else is read, and nothing is allocated from what a
 * peer sent, before both ends have proved they know it. After it, every frame is authenticated with
 * AES-GCM under keys derived from the secret, both nonces and the ranks, and encrypted too when the run
 * encrypts ({@link io.paramavg.worker.link.GcmOutputStream}, {@link io.paramavg.worker.link.GcmInputStream}).
 * Every step has a deadline ({@link io.paramavg.worker.link.Watchdog}), so a stranger that connects and
 * says nothing holds a handshake slot for a bounded time; how many slots strangers can hold, and what
 * that costs a run, is in {@link io.paramavg.worker.link.Acceptor}.
 */
package io.paramavg.worker.link;
