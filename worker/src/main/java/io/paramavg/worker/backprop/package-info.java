/**
 * The training step's forward and backward pass for paramavg's network (dense layers, a softmax output
 * layer with cross-entropy), computed in plain Java over host arrays and OpenBLAS's matrix products,
 * in place of DL4J's per-layer ND4J operations. DL4J still runs everything around the pass: its fit loop,
 * the updater (with its regularization and minibatch division), the parameter step and the counters.
 * Why: a profile gave ND4J's per-operation cost about 40% of a minibatch, and its Java layer is most of
 * what HotSpot compiles while the first epoch runs (see docs/performance.md). Configurations the pass
 * does not cover (dropout, other layers and losses, masks, a GPU backend) keep DL4J's own.
 */
package io.paramavg.worker.backprop;
