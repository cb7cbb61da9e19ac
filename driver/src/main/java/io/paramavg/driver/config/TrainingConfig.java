package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

import java.io.Serializable;

/**
 * How training is distributed and scheduled. Each field's key, default, rule and meaning are
 * declared once below; the constructor checks every field against its declaration.
 *
 * @param engine             which implementation trains ({@link #ENGINE})
 * @param epochs             passes over the training data ({@link #EPOCHS})
 * @param batchSize          records per minibatch on a shard ({@link #BATCH_SIZE})
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
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("train.batch-size", 32, 1,
            "Records per minibatch on each shard.");
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

    /** The same configuration with the shard count resolved. */
    public TrainingConfig withShards(int resolved) {
        return new TrainingConfig(engine, epochs, batchSize, resolved, averagingFrequency, seed, evalEvery, nd4jThreads,
                checkpointEvery, checkpointKeep);
    }
}
