package io.paramavg.worker.average;

import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.train.ShardResult;

import java.io.Serializable;

/**
 * A running, example-weighted sum of shard results: a task {@link #add}s the shards it holds, and the
 * split allreduce ({@code io.paramavg.worker.exchange.SplitAllreduce}) adds the tasks' sums segment by
 * segment in rank order with the same arithmetic as {@link #merge} and divides as {@link #average}
 * does. {@link #merge} and {@link #average} are that arithmetic's definition, and the allreduce's
 * known-answer tests compare its result with them bit for bit. Sums are kept in double precision, so
 * the result does not depend on the order shards arrive in beyond rounding far below float precision.
 *
 * <p>A sum of exactly one shard keeps that shard's float arrays as they are and widens to double
 * only when a second one arrives: a rank holding one shard sends floats, half the bytes of doubles,
 * and a single shard comes back bit for bit.
 */
public final class ParameterSum implements Serializable {
    private static final long serialVersionUID = 1L;

    // Exactly one shard so far: its arrays, unweighted.
    private float[] soleParameters;
    private float[] soleUpdaterState;
    // Two or more: the weighted sums.
    private double[] parameters;
    private double[] updaterState;
    private long examples;
    private double lossSum;
    private long correct;
    private int shards;
    private long computeNanosMax;
    private final java.util.TreeSet<String> executors = new java.util.TreeSet<>();

    /** Adds one shard's result, weighted by its example count. A shard with no examples adds nothing. */
    public ParameterSum add(ShardResult result) {
        executors.add(result.executor());
        if (result.examples() == 0) {
            return this;
        }
        if (isEmpty()) {
            soleParameters = result.parameters();
            soleUpdaterState = result.updaterState();
        } else {
            widen();
            accumulate(parameters, result.parameters(), result.examples());
            accumulate(updaterState, result.updaterState(), result.examples());
        }
        examples += result.examples();
        lossSum += result.lossSum();
        correct += result.correct();
        shards++;
        computeNanosMax = Math.max(computeNanosMax, result.computeNanos());
        return this;
    }

    /** Folds another partial sum into this one. */
    public ParameterSum merge(ParameterSum other) {
        if (other.isEmpty()) {
            executors.addAll(other.executors);
            return this;
        }
        if (isEmpty()) {
            soleParameters = other.soleParameters;
            soleUpdaterState = other.soleUpdaterState;
            parameters = other.parameters == null ? null : other.parameters.clone();
            updaterState = other.updaterState == null ? null : other.updaterState.clone();
        } else {
            widen();
            if (other.soleParameters != null) {
                accumulate(parameters, other.soleParameters, other.examples);
                accumulate(updaterState, other.soleUpdaterState, other.examples);
                return mergeCounters(other);
            }
            requireSameLength(parameters.length, other.parameters.length, "parameters");
            requireSameLength(updaterState.length, other.updaterState.length, "updater state");
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] += other.parameters[i];
            }
            for (int i = 0; i < updaterState.length; i++) {
                updaterState[i] += other.updaterState[i];
            }
        }
        return mergeCounters(other);
    }

    private ParameterSum mergeCounters(ParameterSum other) {
        executors.addAll(other.executors);
        examples += other.examples;
        lossSum += other.lossSum;
        correct += other.correct;
        shards += other.shards;
        computeNanosMax = Math.max(computeNanosMax, other.computeNanosMax);
        return this;
    }

    /** The example-weighted mean state, at the given counters. */
    public ModelState average(int iteration, int epoch) {
        if (examples == 0) {
            throw new IllegalStateException("no shard fitted any example this round");
        }
        if (soleParameters != null) {
            return new ModelState(soleParameters.clone(), soleUpdaterState.clone(), iteration, epoch);
        }
        return new ModelState(divide(parameters, examples), divide(updaterState, examples), iteration, epoch);
    }

    private boolean isEmpty() {
        return examples == 0;
    }

    /** Turns a one-shard sum into a weighted double sum, so that another shard can be added. */
    private void widen() {
        if (soleParameters == null) {
            return;
        }
        parameters = new double[soleParameters.length];
        updaterState = new double[soleUpdaterState.length];
        accumulate(parameters, soleParameters, examples);
        accumulate(updaterState, soleUpdaterState, examples);
        soleParameters = null;
        soleUpdaterState = null;
    }

    /**
     * For an allreduce that does its own arithmetic: the arrays as they stand, not copies. A sum of one
     * shard has its float arrays ({@link #soleParameters}) and no double sums; a sum of several has
     * double sums ({@link #summedParameters}) and no float arrays; an empty sum has neither.
     */
    public float[] soleParameters() {
        return soleParameters;
    }

    /** See {@link #soleParameters}. */
    public float[] soleUpdaterState() {
        return soleUpdaterState;
    }

    /** See {@link #soleParameters}. */
    public double[] summedParameters() {
        return parameters;
    }

    /** See {@link #soleParameters}. */
    public double[] summedUpdaterState() {
        return updaterState;
    }

    /** Sum of (mean minibatch loss x minibatch size) over everything summed. */
    public double lossSum() {
        return lossSum;
    }

    /** The executor processes whose results were summed. */
    public java.util.SortedSet<String> executors() {
        return java.util.Collections.unmodifiableSortedSet(executors);
    }

    public long examples() {
        return examples;
    }

    /** Records classified correctly while training on them, over every shard summed. */
    public long correct() {
        return correct;
    }

    /** Mean training loss per example over everything summed. */
    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    public int shards() {
        return shards;
    }

    /** The slowest shard's compute time: the round cannot finish before it. */
    public long computeNanosMax() {
        return computeNanosMax;
    }

    private static void accumulate(double[] sum, float[] values, long weight) {
        requireSameLength(sum.length, values.length, "shard result");
        for (int i = 0; i < values.length; i++) {
            sum[i] += (double) values[i] * weight;
        }
    }

    private static float[] divide(double[] sum, long count) {
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = (float) (sum[i] / count);
        }
        return mean;
    }

    private static void requireSameLength(int expected, int found, String what) {
        if (expected != found) {
            throw new IllegalArgumentException("cannot average " + what + " of " + found + " values into a sum of "
                    + expected + ": the shards trained different architectures");
        }
    }
}
