package io.paramavg.worker.scaling;

import io.paramavg.worker.model.LearningRatePlan;
import io.paramavg.worker.settings.Setting;

/**
 * How training scales with the shard count: the averaging rule and the learning rate's scaling and
 * warm-up. Each field's key, default, rule and meaning are declared once below; the constructor
 * checks every field against its declaration. Values written {@code auto} (NaN here) are derived
 * from the shard count by {@link #rule} and {@link #learningRate}.
 *
 * @param averaging           how a round's average becomes the next global model ({@link #AVERAGING})
 * @param blockMomentum       block momentum, NaN for auto ({@link #BLOCK_MOMENTUM})
 * @param blockLearningRate   block learning rate, NaN for auto ({@link #BLOCK_LEARNING_RATE})
 * @param learningRateScaling how the learning rate grows with the shard count ({@link #LEARNING_RATE_SCALING})
 * @param warmupEpochs        epochs of the learning rate's ramp ({@link #WARMUP_EPOCHS})
 * @param moments             how the shards' updater state combines ({@link #MOMENTS})
 * @param fromShards          the fewest shards any of it applies to ({@link #FROM_SHARDS})
 */
public record ScalingConfig(Averaging averaging, double blockMomentum, double blockLearningRate,
                            LearningRateScaling learningRateScaling, double warmupEpochs, Moments moments,
                            int fromShards) implements java.io.Serializable {

    /** Averaging rules offered. */
    public enum Averaging { MEAN, BLOCK_MOMENTUM, BLOCK_NESTEROV }

    /** Learning-rate scalings offered: the multiplier is 1, the square root of the shard count, or the count. */
    public enum LearningRateScaling { NONE, SQRT, LINEAR }

    /** Ways the shards' updater state (Adam's moments) combines into the next round's. */
    public enum Moments { MEAN, RESET_FIRST }

    /** {@code train.block-momentum=auto} under block-nesterov: DiLoCo's outer Nesterov momentum. */
    public static final double NESTEROV_MOMENTUM = 0.9;
    /** {@code train.block-learning-rate=auto} under block-nesterov: DiLoCo's outer learning rate. */
    public static final double NESTEROV_LEARNING_RATE = 0.7;

    public static final Setting<Averaging> AVERAGING = Setting.choice("train.averaging", Averaging.BLOCK_NESTEROV,
            Averaging.class, "How each round's average of the shards' models becomes the next global model: mean "
                    + "(the average itself), block-momentum (a momentum step on the average minus the round's "
                    + "start, as BMUF/SlowMo) or block-nesterov (an outer Nesterov step, as DiLoCo: the shards "
                    + "start each round from where the momentum is taking the model, BMUF's Nesterov variant); see "
                    + "docs/scaling.md. paramavg engine only.");
    public static final Setting<Double> BLOCK_MOMENTUM = Setting.numberOrAuto("train.block-momentum",
            "a number in [0, 1)", m -> m >= 0 && m < 1,
            "Momentum of the averaging rule; auto is " + NESTEROV_MOMENTUM + " for block-nesterov and "
                    + "1 - 1/sqrt(shards) for block-momentum (0 for one shard).");
    public static final Setting<Double> BLOCK_LEARNING_RATE = Setting.numberOrAuto("train.block-learning-rate",
            "a number > 0", rate -> rate > 0,
            "Step size of the averaging rule on the round's update; auto is " + NESTEROV_LEARNING_RATE
                    + " for block-nesterov and 1.0 for block-momentum.");
    public static final Setting<LearningRateScaling> LEARNING_RATE_SCALING = Setting.choice(
            "train.learning-rate-scaling", LearningRateScaling.SQRT, LearningRateScaling.class,
            "model.learning-rate is multiplied by 1 (none), sqrt(shards) (sqrt) or shards (linear) once warmed "
                    + "up. paramavg engine only.");
    public static final Setting<Double> WARMUP_EPOCHS = Setting.number("train.warmup-epochs", 1.0, "a number >= 0",
            e -> e >= 0, "Epochs over which the learning rate ramps linearly from model.learning-rate to its scaled "
                    + "value; 0 starts scaled.");
    public static final Setting<Moments> MOMENTS = Setting.choice("train.moments", Moments.RESET_FIRST,
            Moments.class, "How the shards' updater state (Adam's moments, Nesterov's velocity) enters the next "
                    + "round: mean (averaged, as the parameters) or reset-first (second moments averaged, first "
                    + "moments zeroed, leaving momentum across rounds to the averaging rule). One shard always keeps "
                    + "its state: it is single-process training.");

    public static final Setting<Integer> FROM_SHARDS = Setting.integer("train.scaling-from-shards", 4, 1,
            "The fewest shards the averaging rule, the learning-rate scaling and the first moments' reset apply "
                    + "to; fewer shards average plainly at model.learning-rate, whatever the other train.* scaling "
                    + "keys say (measured: 2 shards reach 0.88 two epochs sooner that way; docs/scaling.md).");

    public ScalingConfig {
        AVERAGING.check(averaging);
        BLOCK_MOMENTUM.check(blockMomentum);
        BLOCK_LEARNING_RATE.check(blockLearningRate);
        LEARNING_RATE_SCALING.check(learningRateScaling);
        WARMUP_EPOCHS.check(warmupEpochs);
        MOMENTS.check(moments);
        FROM_SHARDS.check(fromShards);
    }

    /** Every field at its declared default. */
    public static ScalingConfig defaults() {
        return new ScalingConfig(AVERAGING.defaultValue(), BLOCK_MOMENTUM.defaultValue(),
                BLOCK_LEARNING_RATE.defaultValue(), LEARNING_RATE_SCALING.defaultValue(), WARMUP_EPOCHS.defaultValue(),
                MOMENTS.defaultValue(), FROM_SHARDS.defaultValue());
    }

    /**
     * What every run did before these keys existed: the plain mean of parameters and updater state,
     * the configured learning rate. A checkpoint that records none of them resumes with this.
     */
    public static ScalingConfig plainAverage() {
        return new ScalingConfig(Averaging.MEAN, Double.NaN, Double.NaN, LearningRateScaling.NONE, 0.0, Moments.MEAN,
                FROM_SHARDS.defaultValue());
    }

    /** The averaging rule for {@code shards} shards, with auto values derived. */
    public AveragingRule rule(int shards) {
        requireShards(shards);
        if (shards < fromShards) {
            return AveragingRule.PLAIN;
        }
        if (shards == 1 && (averaging == Averaging.MEAN || Double.isNaN(blockMomentum))) {
            // Nothing is averaged: the rule, its auto momentum (0) and the moments' combination would all be
            // identities but for resetting the first moments, which single-process training never does.
            return AveragingRule.PLAIN;
        }
        if (averaging == Averaging.MEAN) {
            return new AveragingRule(0.0, 1.0, moments);
        }
        boolean nesterov = averaging == Averaging.BLOCK_NESTEROV;
        double momentum = !Double.isNaN(blockMomentum) ? blockMomentum
                : nesterov ? NESTEROV_MOMENTUM : 1.0 - 1.0 / Math.sqrt(shards);
        double rate = !Double.isNaN(blockLearningRate) ? blockLearningRate : nesterov ? NESTEROV_LEARNING_RATE : 1.0;
        return new AveragingRule(momentum, rate, moments, nesterov);
    }

    /** The learning-rate plan for {@code shards} shards whose epoch is {@code stepsPerEpoch} minibatch steps. */
    public LearningRatePlan learningRate(int shards, int stepsPerEpoch) {
        requireShards(shards);
        if (shards < fromShards) {
            return LearningRatePlan.NONE;
        }
        double multiplier = switch (learningRateScaling) {
            case NONE -> 1.0;
            case SQRT -> Math.sqrt(shards);
            case LINEAR -> shards;
        };
        return multiplier == 1.0 ? LearningRatePlan.NONE
                : new LearningRatePlan(multiplier, Math.round(warmupEpochs * stepsPerEpoch));
    }

    private static void requireShards(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("the averaging rule needs a resolved shard count >= 1, found " + shards);
        }
    }
}
