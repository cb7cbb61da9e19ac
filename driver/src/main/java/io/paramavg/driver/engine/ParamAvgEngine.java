package io.paramavg.driver.engine;

import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.worker.average.ParameterSum;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.train.NetworkPool;
import io.paramavg.worker.train.RoundSchedule;
import io.paramavg.worker.train.ShardTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.evaluation.classification.Evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * paramavg's own engine. Each round: broadcast the current state, let every resident shard fit
 * its next {@code averagingFrequency} minibatches on a reused network, {@code treeAggregate} the
 * example-weighted sums, divide on the driver. With one shard this is exactly single-process
 * training; with plain SGD and averaging after every step on equal shards it is single-process
 * training on the combined batch (both are tests).
 */
public final class ParamAvgEngine implements TrainingEngine {
    private final JavaSparkContext sc;
    private final HadoopConf hadoopConf;

    public ParamAvgEngine(JavaSparkContext sc, HadoopConf hadoopConf) {
        this.sc = sc;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public TrainingResult train(RunConfig config, LoadedData data, TrainingListener listener,
                                Checkpointing checkpointing) {
        TrainingConfig training = config.training();
        int shards = training.shards();
        int classes = data.train().classes();
        ExecutorSetup setup = new ExecutorSetup(config.model(), data.train().features(), classes, nd4jThreads(training));
        JavaRDD<Shard> trainShards = data.shards().training(sc, shards, training.seed());
        JavaRDD<Shard> testShards = data.shards().test(sc, shards);
        try {
            return run(config, data, setup, trainShards, testShards, listener, checkpointing);
        } finally {
            trainShards.unpersist(false);
            testShards.unpersist(false);
        }
    }

    private TrainingResult run(RunConfig config, LoadedData data, ExecutorSetup setup, JavaRDD<Shard> trainShards,
                               JavaRDD<Shard> testShards, TrainingListener listener, Checkpointing checkpointing) {
        TrainingConfig training = config.training();
        int largestShard = (data.train().count() + training.shards() - 1) / training.shards();
        RoundSchedule schedule = new RoundSchedule(largestShard, training.batchSize(), training.averagingFrequency());
        ShardTrainer trainer = new ShardTrainer(training.batchSize(), training.seed());
        Optional<Checkpoint> start = checkpointing.start();
        ModelState state = start.isPresent() ? start.get().state() : NetworkState.capture(
                NetworkFactory.build(config.model(), setup.inputs(), setup.classes(), training.seed()));
        int firstEpoch = start.map(Checkpoint::epoch).orElse(0);
        long roundsDone = start.map(Checkpoint::roundsDone).orElse(0L);

        List<RoundReport> rounds = new ArrayList<>();
        List<EpochReport> epochs = new ArrayList<>();
        SortedSet<String> executors = new TreeSet<>();
        Evaluation evaluation = null;
        for (int epoch = firstEpoch; epoch < training.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            // A run resumed mid-epoch carries the loss of the epoch's rounds before the checkpoint.
            boolean resumedEpoch = start.isPresent() && epoch == firstEpoch;
            long epochExamples = resumedEpoch ? start.get().epochExamples() : 0;
            double epochLoss = resumedEpoch ? start.get().epochLossSum() : 0;
            for (int round = resumedEpoch ? start.get().nextRound() : 0; round < schedule.roundsPerEpoch(); round++) {
                long t0 = System.nanoTime();
                Broadcast<ModelState> published = sc.broadcast(state.at(state.iteration(), epoch));
                long t1 = System.nanoTime();
                ParameterSum sum = fitRound(trainShards, setup, trainer, schedule, round, published);
                long t2 = System.nanoTime();
                published.destroy();
                state = sum.average(state.iteration() + schedule.stepsInRound(round), epoch);
                checkFinite(sum.meanLoss(), state, epoch, round, config);
                for (String executor : sum.executors()) {
                    if (executors.add(executor)) {
                        listener.onExecutor(executor);
                    }
                }
                long t3 = System.nanoTime();
                epochExamples += sum.examples();
                epochLoss += sum.meanLoss() * sum.examples();
                double computeMs = sum.computeNanosMax() / 1e6;
                RoundReport report = new RoundReport(epoch, round, schedule.roundsPerEpoch(), sum.meanLoss(),
                        sum.examples(), ms(t1 - t0), computeMs, Math.max(0, ms(t2 - t1) - computeMs), ms(t3 - t2));
                rounds.add(report);
                listener.onRound(report);
                roundsDone++;
                if (training.checkpointAfter(round, schedule.roundsPerEpoch(), roundsDone)) {
                    boolean epochEnds = round == schedule.roundsPerEpoch() - 1;
                    Checkpoint checkpoint = epochEnds
                            ? new Checkpoint(epoch + 1, 0, roundsDone, 0, 0, state.at(state.iteration(), epoch + 1),
                                    config.settings().asMap())
                            : new Checkpoint(epoch, round + 1, roundsDone, epochLoss, epochExamples, state,
                                    config.settings().asMap());
                    listener.onCheckpoint(checkpoint, save(checkpointing, checkpoint));
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            state = state.at(state.iteration(), epoch + 1);
            Evaluation evaluated = training.evaluatesAfter(epoch)
                    ? DistributedEvaluator.evaluate(sc, testShards, setup, state) : null;
            if (evaluated != null) {
                evaluation = evaluated;
            }
            EpochReport report = new EpochReport(epoch, epochLoss / epochExamples, epochExamples, seconds, evaluated);
            epochs.add(report);
            listener.onEpoch(report, training.epochs());
        }
        if (evaluation == null) {
            // Resumed from a checkpoint written after the last round: only the evaluation was left.
            evaluation = DistributedEvaluator.evaluate(sc, testShards, setup, state);
        }
        return new TrainingResult(state, evaluation, epochs, rounds, training.shards(), executors);
    }

    private static ParameterSum fitRound(JavaRDD<Shard> shards, ExecutorSetup setup, ShardTrainer trainer,
                                         RoundSchedule schedule, int round, Broadcast<ModelState> published) {
        int firstBatch = schedule.firstBatch(round);
        return shards.map(shard -> NetworkPool.withNetwork(setup.prepare(), network ->
                        trainer.fit(network, shard.data(), shard.index(), published.value(), firstBatch,
                                schedule.batchesInRound(round, shard.data().count()))))
                .treeAggregate(new ParameterSum(), ParameterSum::add, ParameterSum::merge);
    }

    private static Object save(Checkpointing checkpointing, Checkpoint checkpoint) {
        try {
            return checkpointing.sink().save(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + checkpoint.fileName() + ": "
                    + e.getMessage(), e);
        }
    }

    private int nd4jThreads(TrainingConfig training) {
        return training.nd4jThreads() > 0 ? training.nd4jThreads() : sc.getConf().getInt("spark.task.cpus", 1);
    }

    private static void checkFinite(double loss, ModelState state, int epoch, int round, RunConfig config) {
        String what = null;
        if (!Double.isFinite(loss)) {
            what = "the training loss became " + loss;
        } else {
            for (float p : state.parameters()) {
                if (!Float.isFinite(p)) {
                    what = "a parameter became " + p;
                    break;
                }
            }
        }
        if (what != null) {
            throw new DivergenceException("training diverged in round " + (round + 1) + " of epoch " + (epoch + 1)
                    + ": " + what + "; try a lower model.learning-rate (now " + config.model().learningRate() + ")");
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
