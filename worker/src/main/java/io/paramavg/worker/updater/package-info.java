/**
 * The optimiser's per-step arithmetic, run in Java inside DL4J's own updater API. DL4J's Adam step is
 * one native op whose loop costs ~1.2 ms over the default model's 235,146 parameters (and falls back to
 * per-element index arithmetic when the gradient's and the state's orderings differ, as they do in a
 * {@code MultiLayerNetwork}); the same arithmetic over Java arrays is a loop the JIT vectorises, and the
 * copies in and out of ND4J's buffers are memcpy's: ~0.1 ms in all. The network's configuration still
 * names DL4J's {@code Adam}, so a saved model loads with {@code ModelSerializer} alone.
 */
package io.paramavg.worker.updater;
