package io.paramavg.worker.model;

import io.paramavg.worker.backprop.DenseNetwork;
import io.paramavg.worker.updater.HostUpdaters;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Builds the MLP a {@link ModelConfig} describes: dense hidden layers and a softmax output layer
 * trained with multi-class cross-entropy. The same seed gives the same initial weights, which is
 * what lets the driver initialise once and every executor start from identical parameters.
 */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * A built and initialised network for {@code inputs} features and {@code classes} classes, its Adam
     * steps computed by {@link HostUpdaters}' Java updater (the same arithmetic as DL4J's, ~10x cheaper)
     * and its forward and backward passes by {@link DenseNetwork}'s kernel where it covers the configuration.
     */
    public static MultiLayerNetwork build(ModelConfig config, int inputs, int classes, long seed) {
        return build(config, inputs, classes, seed, LearningRatePlan.NONE);
    }

    /**
     * As above, training at the learning rate {@code plan} makes of the configured one. The plan
     * changes only the updater's schedule: the parameters, and the updater state's layout, are the same.
     */
    public static MultiLayerNetwork build(ModelConfig config, int inputs, int classes, long seed,
                                          LearningRatePlan plan) {
        MultiLayerNetwork network = new DenseNetwork(configuration(config, inputs, classes, seed, plan));
        network.init();
        HostUpdaters.install(network);
        return network;
    }

    /** The DL4J configuration, without building a network. */
    public static MultiLayerConfiguration configuration(ModelConfig config, int inputs, int classes, long seed) {
        return configuration(config, inputs, classes, seed, LearningRatePlan.NONE);
    }

    /** The DL4J configuration under a learning-rate plan, without building a network. */
    public static MultiLayerConfiguration configuration(ModelConfig config, int inputs, int classes, long seed,
                                                        LearningRatePlan plan) {
        if (inputs < 1 || classes < 2) {
            throw new IllegalArgumentException("a network needs at least 1 input and 2 classes, found " + inputs
                    + " inputs and " + classes + " classes");
        }
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater(config, plan))
                .weightInit(weightInit(config.weightInit()))
                .l2(config.l2());
        NeuralNetConfiguration.ListBuilder layers = builder.list();
        int layer = 0;
        for (int units : config.hiddenLayers()) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(units).activation(activation(config.activation()));
            if (config.dropout() > 0) {
                // DL4J's dropOut takes the probability of *keeping* an input.
                dense.dropOut(1.0 - config.dropout());
            }
            layers.layer(layer++, dense.build());
        }
        layers.layer(layer, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).build());
        return layers.setInputType(InputType.feedForward(inputs)).build();
    }

    private static IUpdater updater(ModelConfig config, LearningRatePlan plan) {
        // An identity plan keeps DL4J's own schedules, so an unscaled run trains exactly as before.
        ISchedule schedule = !plan.isIdentity() ? plan.schedule(config.learningRate(), config.learningRateDecay())
                : config.learningRateDecay() < 1
                ? new ExponentialSchedule(ScheduleType.EPOCH, config.learningRate(), config.learningRateDecay())
                : null;
        return switch (config.updater()) {
            case ADAM -> schedule == null ? new Adam(config.learningRate()) : new Adam(schedule);
            case NESTEROVS -> schedule == null ? new Nesterovs(config.learningRate(), config.momentum())
                    : new Nesterovs(schedule, config.momentum());
            case SGD -> schedule == null ? new Sgd(config.learningRate()) : new Sgd(schedule);
        };
    }

    private static Activation activation(ModelConfig.Activation activation) {
        return switch (activation) {
            case RELU -> Activation.RELU;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
            case ELU -> Activation.ELU;
            case GELU -> Activation.GELU;
        };
    }

    private static org.deeplearning4j.nn.weights.WeightInit weightInit(ModelConfig.WeightInit init) {
        return switch (init) {
            case XAVIER -> org.deeplearning4j.nn.weights.WeightInit.XAVIER;
            case RELU -> org.deeplearning4j.nn.weights.WeightInit.RELU;
            case UNIFORM -> org.deeplearning4j.nn.weights.WeightInit.UNIFORM;
            case LECUN_NORMAL -> org.deeplearning4j.nn.weights.WeightInit.LECUN_NORMAL;
        };
    }
}
