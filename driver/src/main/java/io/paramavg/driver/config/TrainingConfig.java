package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;
import io.paramavg.worker.train.RoundSchedule;

import java.io.Serializable;

/**
 * How training is distributed and scheduled. Each field's key, default, rule and meaning are
 * declared once below; the constructor checks every field against its declaration.
 *
 * @param engine             which implementation trains ({@link #ENGINE})
 * @param epochs             passes over the training data ({@link #EPOCHS})
 * @param batchSize          records per minibatch on a shard; 0 is auto, resolved when the data is known ({@link #BATCH_SIZE})
 * @param shards             shards; 0 is Spark's default parallelism, resolved when Spark is up ({@link #SHARDS})
 * @param averagingFrequency minibatches per shard between averagings ({@link #AVERAGING_FREQUENCY})
 * @param seed               the run seed ({@link #SEED})
 * @param evalEvery          epochs between test evaluations; 0 only at the end ({@link #EVAL_EVERY})
 * @param nd4jThreads        native threads per task; 0 is spark.task.cpus ({@link #ND4J_THREADS})
 * @param checkpointEvery    rounds between checkpoints; 0 at the end of each epoch ({@link #CHECKPOINT_EVERY})
 * @param checkpointKeep     checkpoints kept, newest first ({@link #CHECKPOINT_KEEP})
 */
public record TrainingConfig(Engine engine, int epochs, int batchSize, int shards, int averagingFrequency, long seed,
                             int evalEvery, int nd4jThreads, int checkpointEvery, int checkpointKeep)
        implements Serializable {

    /** The training implementations. */
    public enum Engine { PARAMAVG, DL4J_SPARK }

    public static final Setting<Engine> ENGINE = Setting.choice("train.engine", Engine.PARAMAVG, Engine.class,
            "paramavg (executor-resident shards, parameters only on the wire) or dl4j-spark "
                    + "(DL4J's ParameterAveragingTrainingMaster, for comparison).");
    public static final Setting<Integer> EPOCHS = Setting.integer("train.epochs", 15, 1,
            "Passes over the training data.");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("train.batch-size", 0, 0,
            "Records per minibatch on each shard; 0 (auto) is 32, halved (down to 8) while a shard would get fewer "
                    + "than 10 averaging rounds an epoch: many shards each holding little data (docs/scaling.md).");
    /** What auto starts from: the batch DL4J's own examples and paramavg's single-process equivalence use. */
    static final int AUTO_BATCH_LARGEST = 32;
    /** Below this a minibatch's fixed costs (an ND4J call per layer and operation) swamp its arithmetic. */
    static final int AUTO_BATCH_SMALLEST = 8;
    /**
     * The rounds an epoch needs for accuracy per epoch to hold as shards are added: measured, 16 shards at
     * batch 32 (12 rounds an epoch) reach 0.88 on Fashion-MNIST at epoch 7; 64 shards at batch 32 (3
     * rounds) never within 15 epochs, at batch 16 (6 rounds) at epoch 11 (docs/scaling.md).
     */
    static final int AUTO_ROUNDS_PER_EPOCH = 10;
    public static final Setting<Integer> SHARDS = Setting.integer("train.shards", 0, 0,
            "Shards the training set is split into; 0 uses Spark's default parallelism (the total executor "
                    + "cores). Each stage runs min(shards, task slots) tasks; a task holding several shards trains "
                    + "them in turn and sums them before the exchange (the same math).");
    public static final Setting<Integer> AVERAGING_FREQUENCY = Setting.integer("train.averaging-frequency", 10, 1,
            "Minibatches each shard fits between two averagings.");
    public static final Setting<Long> SEED = Setting.longInteger("train.seed", 42,
            "Run seed: the split, every shuffle and the initial weights derive from it.");
    public static final Setting<Integer> EVAL_EVERY = Setting.integer("train.eval-every", 1, 0,
            "Evaluate on the test set every N epochs; 0 only after the last epoch.");
    public static final Setting<Integer> ND4J_THREADS = Setting.integer("train.nd4j-threads", 0, 0,
            "Native ND4J threads per task; 0 uses spark.task.cpus (one per task core).");
    public static final Setting<Integer> CHECKPOINT_EVERY = Setting.integer("train.checkpoint-every", 0, 0,
            "Write a checkpoint (parameters, updater state, position) to <out>/checkpoints every N rounds; "
                    + "0 writes one at the end of each epoch. paramavg engine only.");
    public static final Setting<Integer> CHECKPOINT_KEEP = Setting.integer("train.checkpoint-keep", 3, 1,
            "Checkpoints kept (the newest).");

    public TrainingConfig {
        ENGINE.check(engine);
        EPOCHS.check(epochs);
        BATCH_SIZE.check(batchSize);
        SHARDS.check(shards);
        AVERAGING_FREQUENCY.check(averagingFrequency);
        EVAL_EVERY.check(evalEvery);
        ND4J_THREADS.check(nd4jThreads);
        CHECKPOINT_EVERY.check(checkpointEvery);
        CHECKPOINT_KEEP.check(checkpointKeep);
    }

    /** Whether the test set is evaluated after {@code epoch} (0-based) of {@code epochs}. */
    public boolean evaluatesAfter(int epoch) {
        return epoch == epochs - 1 || (evalEvery > 0 && (epoch + 1) % evalEvery == 0);
    }

    /**
     * Whether a checkpoint is due after {@code round} (0-based) of {@code roundsPerEpoch} in an epoch,
     * where {@code roundsDone} counts every round of the run so far, this one included.
     */
    public boolean checkpointAfter(int round, int roundsPerEpoch, long roundsDone) {
        return checkpointEvery == 0 ? round == roundsPerEpoch - 1 : roundsDone % checkpointEvery == 0;
    }

    /**
     * The batch auto gives shards of at most {@code largestShard} records averaged every
     * {@code averagingFrequency} minibatches: {@value #AUTO_BATCH_LARGEST}, halved while an epoch would
     * have fewer than {@value #AUTO_ROUNDS_PER_EPOCH} rounds, down to {@value #AUTO_BATCH_SMALLEST}.
     */
    public static int autoBatchSize(int largestShard, int averagingFrequency) {
        int batch = AUTO_BATCH_LARGEST;
        while (batch > AUTO_BATCH_SMALLEST
                && new RoundSchedule(largestShard, batch, averagingFrequency).roundsPerEpoch() < AUTO_ROUNDS_PER_EPOCH) {
            batch /= 2;
        }
        return batch;
    }

    /** The same configuration with the minibatch size resolved (auto made a number). */
    public TrainingConfig withBatchSize(int resolved) {
        return new TrainingConfig(engine, epochs, resolved, shards, averagingFrequency, seed, evalEvery, nd4jThreads,
                checkpointEvery, checkpointKeep);
    }

    /** The same configuration with the shard count resolved. */
    public TrainingConfig withShards(int resolved) {
        return new TrainingConfig(engine, epochs, batchSize, resolved, averagingFrequency, seed, evalEvery, nd4jThreads,
                checkpointEvery, checkpointKeep);
    }
}
