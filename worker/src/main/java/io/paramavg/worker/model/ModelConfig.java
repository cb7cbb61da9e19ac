package io.paramavg.worker.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the MLP looks like and how it learns. Validated on construction, so a configuration built in
 * code fails the same way as one read from a file; every message names the configuration key, the
 * allowed range and the value found. Defaults live in the driver's key registry, not here.
 *
 * @param hiddenLayers   units in each hidden layer, input side first ({@code model.hidden-layers})
 * @param activation     hidden-layer activation ({@code model.activation})
 * @param dropout        probability of dropping a hidden unit's input during training, in [0, 1)
 * @param l2             L2 weight decay coefficient, at least 0
 * @param weightInit     weight initialisation scheme
 * @param updater        the optimiser
 * @param learningRate   initial learning rate, greater than 0
 * @param momentum       momentum for {@link Updater#NESTEROVS}, in [0, 1)
 * @param learningRateDecay learning rate multiplier applied after each epoch, in (0, 1]; 1 means constant
 */
public record ModelConfig(int[] hiddenLayers, Activation activation, double dropout, double l2,
                          WeightInit weightInit, Updater updater, double learningRate, double momentum,
                          double learningRateDecay) implements java.io.Serializable {

    /** Hidden-layer activations offered; named as in the configuration file. */
    public enum Activation { RELU, LEAKYRELU, TANH, SIGMOID, ELU, GELU }

    /** Weight initialisation schemes offered. */
    public enum WeightInit { XAVIER, RELU, UNIFORM, LECUN_NORMAL }

    /** Optimisers offered. */
    public enum Updater { ADAM, NESTEROVS, SGD }

    public ModelConfig {
        hiddenLayers = hiddenLayers == null ? null : hiddenLayers.clone();
        require(hiddenLayers != null && hiddenLayers.length > 0, "model.hidden-layers",
                "one or more positive integers", hiddenLayers == null ? "nothing" : "an empty list");
        for (int units : hiddenLayers) {
            require(units > 0, "model.hidden-layers", "positive integers", Arrays.toString(hiddenLayers));
        }
        require(activation != null, "model.activation", "one of " + names(Activation.values()), "nothing");
        require(dropout >= 0 && dropout < 1, "model.dropout", "a value in [0, 1)", dropout);
        require(l2 >= 0 && Double.isFinite(l2), "model.l2", "a value >= 0", l2);
        require(weightInit != null, "model.weight-init", "one of " + names(WeightInit.values()), "nothing");
        require(updater != null, "model.updater", "one of " + names(Updater.values()), "nothing");
        require(learningRate > 0 && Double.isFinite(learningRate), "model.learning-rate", "a value > 0", learningRate);
        require(momentum >= 0 && momentum < 1, "model.momentum", "a value in [0, 1)", momentum);
        require(learningRateDecay > 0 && learningRateDecay <= 1, "model.learning-rate-decay",
                "a value in (0, 1]", learningRateDecay);
    }

    @Override
    public int[] hiddenLayers() {
        return hiddenLayers.clone();
    }

    /** A copy with another learning rate (used by tests and benchmarks). */
    public ModelConfig withLearningRate(double rate) {
        return new ModelConfig(hiddenLayers, activation, dropout, l2, weightInit, updater, rate, momentum,
                learningRateDecay);
    }

    /** A copy with another updater. */
    public ModelConfig withUpdater(Updater newUpdater) {
        return new ModelConfig(hiddenLayers, activation, dropout, l2, weightInit, newUpdater, learningRate, momentum,
                learningRateDecay);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && Arrays.equals(hiddenLayers, c.hiddenLayers) && activation == c.activation
                && dropout == c.dropout && l2 == c.l2 && weightInit == c.weightInit && updater == c.updater
                && learningRate == c.learningRate && momentum == c.momentum
                && learningRateDecay == c.learningRateDecay;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hiddenLayers) + java.util.Objects.hash(activation, dropout, l2, weightInit,
                updater, learningRate, momentum, learningRateDecay);
    }

    @Override
    public String toString() {
        return "ModelConfig[hidden=" + Arrays.toString(hiddenLayers) + ", " + activation + ", dropout=" + dropout
                + ", l2=" + l2 + ", init=" + weightInit + ", " + updater + " lr=" + learningRate + ", momentum="
                + momentum + ", decay=" + learningRateDecay + "]";
    }

    /** Lower-case names of enum constants, as they are written in configuration. */
    public static String names(Enum<?>[] values) {
        StringBuilder text = new StringBuilder();
        for (Enum<?> value : values) {
            text.append(text.length() == 0 ? "" : ", ").append(value.name().toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }

    static void require(boolean ok, String key, String allowed, Object found) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + allowed + ", found " + found);
        }
    }
}
