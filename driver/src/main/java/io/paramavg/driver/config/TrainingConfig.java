package io.paramavg.driver.config;

import java.io.Serializable;

/**
 * How training is distributed and scheduled. Validated on construction.
 *
 * @param engine             which implementation trains
 * @param epochs             passes over the training data
 * @param batchSize          records per minibatch on a shard
 * @param shards             shards (0: Spark's default parallelism, resolved when Spark is up)
 * @param averagingFrequency minibatches per shard between averagings
 * @param seed               the run seed
 * @param evalEvery          epochs between test evaluations (0: only at the end)
 * @param nd4jThreads        native threads per task (0: spark.task.cpus)
 * @param checkpointEvery    rounds between checkpoints (0: at the end of each epoch)
 * @param checkpointKeep     checkpoints kept, newest first
 */
public record TrainingConfig(Engine engine, int epochs, int batchSize, int shards, int averagingFrequency, long seed,
                             int evalEvery, int nd4jThreads, int checkpointEvery, int checkpointKeep)
        implements Serializable {

    /** The training implementations. */
    public enum Engine { PARAMAVG, DL4J_SPARK }

    public TrainingConfig {
        check(engine != null, "train.engine must be paramavg or dl4j-spark, found nothing");
        check(epochs >= 1, "train.epochs must be an integer >= 1, found " + epochs);
        check(batchSize >= 1, "train.batch-size must be an integer >= 1, found " + batchSize);
        check(shards >= 0, "train.shards must be an integer >= 0, found " + shards);
        check(averagingFrequency >= 1, "train.averaging-frequency must be an integer >= 1, found " + averagingFrequency);
        check(evalEvery >= 0, "train.eval-every must be an integer >= 0, found " + evalEvery);
        check(nd4jThreads >= 0, "train.nd4j-threads must be an integer >= 0, found " + nd4jThreads);
        check(checkpointEvery >= 0, "train.checkpoint-every must be an integer >= 0, found " + checkpointEvery);
        check(checkpointKeep >= 1, "train.checkpoint-keep must be an integer >= 1, found " + checkpointKeep);
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

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }
}
