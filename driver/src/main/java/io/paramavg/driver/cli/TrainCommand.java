package io.paramavg.driver.cli;

import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.output.OutputFiles;
import io.paramavg.driver.service.TrainingOutcome;
import io.paramavg.driver.service.TrainingRequest;
import io.paramavg.driver.service.TrainingService;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code paramavg train}: parses the options into a {@link TrainingRequest}, runs it, prints the outcome. */
final class TrainCommand implements Command {
    private final PrintStream out;
    private final HadoopConf conf;

    TrainCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train an MLP with parameter averaging on Spark, evaluate it on held-out data";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg train [options]

                Trains an MLP with parameter averaging on Spark: the training set is split into shards that
                stay on the executors, each round every shard fits a few minibatches from the current
                parameters, and the parameters are averaged. Prints one line per epoch and the held-out test
                accuracy; writes model.zip (DL4J ModelSerializer, with the manifest inside), metrics.json,
                manifest.json, report.html and checkpoints/ (for --resume).

                All configuration keys, with defaults, are in conf/paramavg.properties and docs/configuration.md.
                """;
    }

    @Override
    public List<Option> options() {
        return Option.join(List.of(
                Option.valued("--out", "DIR", "Output folder for model.zip, metrics.json, manifest.json and "
                        + "report.html, on any Hadoop file system.", "runs/<date>-<time>"),
                Option.flag("--overwrite", "Replace a model already in --out (otherwise the run refuses to start)."),
                Option.flag("--resume", "Continue the interrupted run in --out from its newest checkpoint "
                        + "(--out/checkpoints), with the same configuration it was started with."),
                Option.flag("--break-lock", "Remove a stale lock on --out left by a run that no longer runs.")),
                SharedOptions.TRAINING);
    }

    @Override
    public ExitCode run(ParsedArguments arguments) throws IOException {
        TrainingRequest request = request(arguments);
        ProgressPrinter progress = new ProgressPrinter(out, System.console() != null);
        TrainingOutcome outcome = new TrainingService(conf, progress).train(request);
        int ran = outcome.result().epochs().isEmpty() ? outcome.config().training().epochs()
                : outcome.result().epochs().get(outcome.result().epochs().size() - 1).epoch() + 1;
        String epochs = outcome.result().stoppedEarly()
                ? String.format(Locale.ROOT, "stopped early after %d of %d epochs", ran,
                        outcome.config().training().epochs())
                : ran + " epochs";
        int best = outcome.result().bestEpoch() + 1;
        String kept = best == 0 ? ""
                : outcome.config().validation().restoreBest() ? "; the model is epoch " + best + "'s, the best on "
                + "validation data" : "; the model is the last epoch's, the best on validation data was epoch " + best;
        out.printf(Locale.ROOT, "test accuracy %.4f on %,d held-out records (%s, %.1f s%s)%n", outcome.accuracy(),
                outcome.data().test().count(), epochs, outcome.wallSeconds(), kept);
        out.println("wrote " + outcome.folder() + "/{" + String.join(", ", OutputFiles.RUN_FILES) + "}");
        return ExitCode.OK;
    }

    static TrainingRequest request(ParsedArguments arguments) {
        if (arguments.has("--resume") && !arguments.has("--out")) {
            throw UsageException.of("--resume needs --out: the folder of the run to continue");
        }
        RunConfig config = RunConfig.from(SharedOptions.settings(arguments, SharedOptions.CONFIGURATION));
        return TrainingRequest.builder(config, arguments.last("--out", defaultOutput()))
                .overwrite(arguments.has("--overwrite"))
                .resume(arguments.has("--resume"))
                .breakLock(arguments.has("--break-lock"))
                .sharedPaths(arguments.has("--shared-paths"))
                .master(arguments.last("--master", null))
                .build();
    }

    private static String defaultOutput() {
        return "runs/" + SharedOptions.timestamp();
    }
}
