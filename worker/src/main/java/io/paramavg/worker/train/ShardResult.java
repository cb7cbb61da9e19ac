package io.paramavg.worker.train;

import io.paramavg.worker.ThisJvm;
import io.paramavg.worker.nd4j.NativeBuild;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * What one shard sends back after a round: its parameters and updater state, and what it took to
 * get them.
 *
 * @param parameters    parameters after the round's minibatches
 * @param updaterState  updater state after them
 * @param examples      records fitted this round (the averaging weight); 0 if the shard had none left
 * @param lossSum       sum over minibatches of (mean minibatch loss x minibatch size)
 * @param correct       records the network classified correctly as it trained on them (before each step)
 * @param batches       minibatches fitted
 * @param computeNanos  wall time spent fitting, on the executor
 * @param executor      which process did the work: {@link #thisProcess()}
 */
public record ShardResult(float[] parameters, float[] updaterState, long examples, double lossSum, long correct,
                          int batches,
                          long computeNanos, String executor) implements Serializable {

    /** The same result with another updater state: what a shard hands the exchange. */
    public ShardResult withUpdaterState(float[] state) {
        return new ShardResult(parameters, state, examples, lossSum, correct, batches, computeNanos, executor);
    }

    /**
     * This JVM as {@code pid@host (ND4J backend[, device N], native build)}: how the driver tells executors
     * apart in its logs, and how a user sees whether an executor loaded the CPU or the CUDA backend, and
     * which BLAS kernel and libnd4j build ({@link NativeBuild}). Every
     * task of every round reports it, so the per-JVM part (a host name lookup among it) is made once,
     * by {@link ThisJvm}.
     */
    public static String thisProcess() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        // On a GPU the device is per thread; on the CPU there is only the one.
        String device = backend.startsWith("Cpu") ? ""
                : ", device " + Nd4j.getAffinityManager().getDeviceForCurrentThread();
        return ThisJvm.NAME + " (" + backend + device + ", " + NativeBuild.describe() + ")";
    }
}
