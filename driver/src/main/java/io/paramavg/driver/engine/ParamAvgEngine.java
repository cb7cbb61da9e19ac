package io.paramavg.driver.engine;

import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.TrainingConfig;
import io.paramavg.driver.data.LoadedData;
import io.paramavg.driver.data.Shard;
import io.paramavg.worker.link.RunSecret;
import io.paramavg.worker.link.Security;
import io.paramavg.worker.model.LearningRatePlan;
import io.paramavg.worker.model.ModelState;
import io.paramavg.worker.model.NetworkFactory;
import io.paramavg.worker.model.NetworkState;
import io.paramavg.worker.train.RoundSchedule;
import io.paramavg.worker.train.ShardTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.evaluation.classification.Evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * paramavg's own engine: many averaging rounds per Spark stage. Each stage is a barrier job over the
 * resident training shards, one task per task slot; its tasks rendezvous once through the driver's
 * {@link Coordinator}, then every round fit their shards' minibatches and average directly with each
 * other (a split allreduce, milliseconds), so a round costs no Spark job. A stage runs until the next
 * checkpoint or the end of the epoch, where the driver takes the state back, writes the checkpoint,
 * evaluates and starts the next stage; a failed stage runs again from its start ({@link StageRunner}).
 *
 * <p>With one shard this is exactly single-process training; with plain SGD and averaging after every
 * step on equal shards it is single-process training on the combined batch; a task holding several
 * shards computes what one task per shard would (all are tests).
 *
 * <p>Only the run's own tasks can join: a secret made here for the run stays here; each stage's tasks get
 * the secret derived from it for their stage inside the stage's closure (Spark's channel), and every
 * connection to the coordinator and between tasks proves it knows that, the coordinator only the stage it
 * is running; frames are encrypted when Spark's network encryption is on, or when the configuration says
 * so ({@link io.paramavg.driver.config.ExchangeConfig}). On a cluster with {@code spark.authenticate} off
 * that channel is open, and {@link SparkAuthCheck} refuses the run unless told otherwise.
 *
 * <p>Barrier mode refuses dynamic allocation, so this engine does too (with a message saying what to
 * change); the dl4j-spark engine remains for clusters that need it.
 */
public final class ParamAvgEngine implements TrainingEngine {
    private final JavaSparkContext sc;

    public ParamAvgEngine(JavaSparkContext sc) {
        this.sc = sc;
    }

    @Override
    public TrainingResult train(RunConfig config, LoadedData data, TrainingListener listener,
                                Checkpointing checkpointing) {
        TrainingConfig training = config.training();
        int shards = training.shards();
        int classes = data.train().classes();
        BarrierSlots slots = BarrierSlots.forShards(sc, shards);
        int largestShard = data.largestShard(config.validation().fraction(), shards);
        RoundSchedule schedule = new RoundSchedule(largestShard, training.batchSize(), training.averagingFrequency());
        LearningRatePlan learningRate = config.scaling().learningRate(shards, schedule.batchesPerEpoch(largestShard));
        ExecutorSetup setup = new ExecutorSetup(config.model(), data.train().features(), classes, nd4jThreads(training),
                learningRate);
        double heldOut = config.validation().fraction();
        JavaRDD<Shard> trainShards = data.shards().training(sc, shards, slots.tasks(), training.seed(), heldOut);
        JavaRDD<Shard> testShards = data.shards().test(sc, shards);
        JavaRDD<Shard> validationShards = data.shards().validation(sc, shards, training.seed(), heldOut);
        String driverHost = sc.getConf().get("spark.driver.host");
        SparkAuthCheck.check(sc.getConf(), config.exchange().openSpark());
        Security security = new Security(RunSecret.generate(),
                config.exchange().encrypts(sc.getConf().getBoolean("spark.network.crypto.enabled", false)));
        try (Coordinator coordinator = Coordinator.start(sc.getConf().get("spark.driver.bindAddress", driverHost),
                driverHost, security)) {
            if (!SparkAuthCheck.inProcess(sc.master())) {
                // Tasks connect from the executors' hosts: anyone else is closed before a byte is read.
                coordinator.admitOnly(RunHosts.of(sc.sc()));
            }
            return run(config, data, setup, schedule, slots, coordinator, security, trainShards, testShards,
                    validationShards,
                    listener, checkpointing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            trainShards.unpersist(false);
            testShards.unpersist(false);
            if (validationShards != null) {
                validationShards.unpersist(false);
            }
        }
    }

    private TrainingResult run(RunConfig config, LoadedData data, ExecutorSetup setup, RoundSchedule schedule,
                               BarrierSlots slots, Coordinator coordinator, Security security,
                               JavaRDD<Shard> trainShards, JavaRDD<Shard> testShards,
                               JavaRDD<Shard> validationShards, TrainingListener listener,
                               Checkpointing checkpointing) {
        TrainingConfig training = config.training();
        int roundsPerEpoch = schedule.roundsPerEpoch();
        StageTask.Template template = new StageTask.Template(security, setup,
                new ShardTrainer(training.batchSize(), training.seed()), schedule, StageRunner.EXCHANGE_TIMEOUT_MILLIS,
                config.scaling().rule(training.shards()));
        SortedSet<String> executors = new TreeSet<>();
        StageRunner stages = new StageRunner(trainShards, coordinator, slots, listener, executor -> {
            if (executors.add(executor)) {
                listener.onExecutor(executor);
            }
        });
        CheckpointWriter checkpoints = new CheckpointWriter(config, checkpointing, listener);
        Optional<Checkpoint> start = checkpointing.start();
        EpochEnd epochEnd = new EpochEnd(sc, testShards, validationShards, setup, training, config.validation(),
                listener, start.map(Checkpoint::best).orElse(Checkpoint.Best.NONE));

        ModelState state = start.isPresent() ? start.get().state() : NetworkState.capture(
                NetworkFactory.build(config.model(), setup.inputs(), setup.classes(), training.seed()));
        int firstEpoch = start.map(Checkpoint::epoch).orElse(0);
        long roundsDone = start.map(Checkpoint::roundsDone).orElse(0L);

        List<RoundReport> rounds = new ArrayList<>();
        List<EpochReport> epochs = new ArrayList<>();
        Evaluation evaluation = null;
        boolean stoppedEarly = false;
        for (int epoch = firstEpoch; epoch < training.epochs() && !stoppedEarly; epoch++) {
            long epochStart = System.nanoTime();
            // A run resumed mid-epoch carries the loss of the epoch's rounds before the checkpoint.
            boolean resumedEpoch = start.isPresent() && epoch == firstEpoch;
            long epochExamples = resumedEpoch ? start.get().epochExamples() : 0;
            double epochLoss = resumedEpoch ? start.get().epochLossSum() : 0;
            // Correct counts are not in checkpoints: a resumed epoch's training accuracy covers its own rounds.
            long epochCorrect = 0;
            long correctExamples = 0;
            int round = resumedEpoch ? start.get().nextRound() : 0;
            state = state.at(state.iteration(), epoch);
            while (round < roundsPerEpoch) {
                StagePlan plan = StagePlan.from(training, roundsPerEpoch, epoch, round, roundsDone);
                StageRunner.Result stage = stages.run(plan, state, template, roundsPerEpoch);
                state = stage.state();
                for (RoundReport report : stage.rounds()) {
                    rounds.add(report);
                    epochExamples += report.examples();
                    epochLoss += report.meanLoss() * report.examples();
                    epochCorrect += report.correct();
                    correctExamples += report.examples();
                    roundsDone++;
                }
                if (stage.diverged()) {
                    RoundReport last = stage.rounds().get(stage.rounds().size() - 1);
                    Divergence.check(last.meanLoss(), state, epoch, last.round(), config);
                    throw new DivergenceException("training diverged in round " + (last.round() + 1) + " of epoch "
                            + (epoch + 1) + "; try a lower model.learning-rate (now "
                            + config.model().learningRate() + ")");
                }
                round = plan.lastRound() + 1;
                checkpoints.afterRound(epoch, plan.lastRound(), roundsPerEpoch, roundsDone, state, epochLoss,
                        epochExamples, epochEnd.progress());
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            state = state.at(state.iteration(), epoch + 1);
            long correct = correctExamples == epochExamples ? epochCorrect : -1;
            EpochReport report = epochEnd.finish(epoch, state, epochLoss, epochExamples, correct, seconds);
            if (report.evaluation() != null) {
                evaluation = report.evaluation();
            }
            epochs.add(report);
            checkpoints.afterEpoch(epoch, roundsPerEpoch, roundsDone, state, epochEnd.progress());
            stoppedEarly = epochEnd.stops() && epoch < training.epochs() - 1;
        }
        // The model kept is the best epoch's when validation chose one; the test set judges that model.
        ModelState kept = epochEnd.kept(state);
        if (evaluation == null || kept != state) {
            evaluation = epochEnd.evaluate(kept);
        }
        return new TrainingResult(kept, evaluation, epochs, rounds, training.shards(), executors,
                epochEnd.bestEpoch(), stoppedEarly);
    }

    private int nd4jThreads(TrainingConfig training) {
        return training.nd4jThreads() > 0 ? training.nd4jThreads() : sc.getConf().getInt("spark.task.cpus", 1);
    }
}
