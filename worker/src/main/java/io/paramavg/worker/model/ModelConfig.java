package io.paramavg.worker.model;

import io.paramavg.worker.settings.Setting;

import java.util.Arrays;

/**
 * What the MLP looks like and how it learns. Each field's key, default, rule and meaning are
 * declared once, below, as a {@link Setting}; the constructor checks every field against its
 * declaration, so a configuration built in code fails the same way as one read from a file.
 *
 * @param hiddenLayers      units in each hidden layer, input side first ({@link #HIDDEN_LAYERS})
 * @param activation        hidden-layer activation ({@link #ACTIVATION})
 * @param dropout           probability of dropping a hidden unit's input during training ({@link #DROPOUT})
 * @param l2                L2 weight decay coefficient ({@link #L2})
 * @param weightInit        weight initialisation scheme ({@link #WEIGHT_INIT})
 * @param updater           the optimiser ({@link #UPDATER})
 * @param learningRate      initial learning rate ({@link #LEARNING_RATE})
 * @param momentum          momentum for {@link Updater#NESTEROVS} ({@link #MOMENTUM})
 * @param learningRateDecay learning rate multiplier applied after each epoch ({@link #LEARNING_RATE_DECAY})
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

    public static final Setting<int[]> HIDDEN_LAYERS = Setting.positiveIntegers("model.hidden-layers", "256,128",
            "Units per hidden layer, input side first.");
    public static final Setting<Activation> ACTIVATION = Setting.choice("model.activation", Activation.RELU,
            Activation.class, "Hidden-layer activation.");
    public static final Setting<Double> DROPOUT = Setting.number("model.dropout", 0.0, "a number in [0, 1)",
            p -> p >= 0 && p < 1, "Probability of dropping a hidden layer's input in training.");
    public static final Setting<Double> L2 = Setting.number("model.l2", 0.0, "a number >= 0", l2 -> l2 >= 0,
            "L2 weight decay.");
    public static final Setting<WeightInit> WEIGHT_INIT = Setting.choice("model.weight-init", WeightInit.RELU,
            WeightInit.class, "Weight initialisation (relu is He's).");
    public static final Setting<Updater> UPDATER = Setting.choice("model.updater", Updater.ADAM, Updater.class,
            "Optimiser.");
    public static final Setting<Double> LEARNING_RATE = Setting.number("model.learning-rate", 0.001,
            "a number > 0", rate -> rate > 0, "Initial learning rate.");
    public static final Setting<Double> MOMENTUM = Setting.number("model.momentum", 0.9, "a number in [0, 1)",
            m -> m >= 0 && m < 1, "Momentum, for the nesterovs updater.");
    public static final Setting<Double> LEARNING_RATE_DECAY = Setting.number("model.learning-rate-decay", 0.95,
            "a number in (0, 1]", d -> d > 0 && d <= 1, "Learning rate multiplier per epoch; 1.0 keeps it constant.");

    public ModelConfig {
        hiddenLayers = HIDDEN_LAYERS.check(hiddenLayers).clone();
        ACTIVATION.check(activation);
        DROPOUT.check(dropout);
        L2.check(l2);
        WEIGHT_INIT.check(weightInit);
        UPDATER.check(updater);
        LEARNING_RATE.check(learningRate);
        MOMENTUM.check(momentum);
        LEARNING_RATE_DECAY.check(learningRateDecay);
    }

    /** Every field at its declared default. */
    public static ModelConfig defaults() {
        return new ModelConfig(HIDDEN_LAYERS.defaultValue(), ACTIVATION.defaultValue(), DROPOUT.defaultValue(),
                L2.defaultValue(), WEIGHT_INIT.defaultValue(), UPDATER.defaultValue(), LEARNING_RATE.defaultValue(),
                MOMENTUM.defaultValue(), LEARNING_RATE_DECAY.defaultValue());
    }

    @Override
    public int[] hiddenLayers() {
        return hiddenLayers.clone();
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
}
