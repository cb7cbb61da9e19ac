package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.service.RetrainOutcome;
import io.paramavg.driver.service.RetrainRequest;
import io.paramavg.driver.service.Retraining;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code paramavg retrain}: the scheduled job. Parses a {@link RetrainRequest}, runs it through
 * {@link Retraining}, prints the decision. Exit 0 when promoted (or nothing to do), 10 when a new
 * version was trained but not promoted.
 */
final class RetrainCommand implements Command {
    private final PrintStream out;
    private final HadoopConf conf;

    RetrainCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "retrain";
    }

    @Override
    public String summary() {
        return "the scheduled job: train a new version into a registry, promote it only if better";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg retrain --registry DIR [--data DIR] [train options]

                The scheduled retraining job. Warm-starts from the registry's current version (when the
                architecture matches), trains on the data, evaluates the new and the current model on the same
                held-out set, writes the new version, and promotes it (replaces CURRENT) only if it is better by
                --min-improvement, or if there is no current version. Every run adds a line to history.jsonl.
                Re-running on the same data and configuration as the current version does nothing (exit 0).
                """;
    }

    @Override
    public List<Option> options() {
        return Option.join(List.of(
                Option.valued("--registry", "DIR", "The model registry (any Hadoop file system); created if missing.",
                        null),
                Option.forKey("--min-improvement", "X", ConfigKey.RETRAIN_MIN_IMPROVEMENT),
                Option.forKey("--keep", "N", ConfigKey.RETRAIN_KEEP),
                Option.flag("--from-scratch", "Do not warm-start from the current version."),
                Option.flag("--force", "Train even if the current version was trained on the same data and "
                        + "configuration."),
                Option.flag("--break-lock", "Remove a stale registry lock left by a job that no longer runs.")),
                SharedOptions.TRAINING);
    }

    @Override
    public ExitCode run(ParsedArguments arguments) throws IOException {
        String registry = arguments.required("--registry", name());
        RunConfig config = RunConfig.from(SharedOptions.settings(arguments, options()));
        RetrainRequest request = RetrainRequest.builder(config, registry)
                .fromScratch(arguments.has("--from-scratch"))
                .force(arguments.has("--force"))
                .breakLock(arguments.has("--break-lock"))
                .sharedPaths(arguments.has("--shared-paths"))
                .master(arguments.last("--master", null))
                .build();
        ProgressPrinter progress = new ProgressPrinter(out, System.console() != null);
        RetrainOutcome outcome = new Retraining(conf, progress).run(request);
        for (int deleted : outcome.deleted()) {
            out.println("deleted version " + deleted + " (keeping the newest " + config.retrain().keep() + ")");
        }
        return switch (outcome.decision()) {
            case NOTHING_TO_DO -> ExitCode.OK;
            case PROMOTED -> {
                out.printf(Locale.ROOT, "promoted version %d: %s accuracy %.4f%s%n", outcome.version(),
                        outcome.decidedOn(), outcome.newAccuracy(), outcome.currentAccuracy() == null ? " (first version)"
                                : String.format(Locale.ROOT, " against %.4f for version %d", outcome.currentAccuracy(),
                                outcome.previous()));
                yield ExitCode.OK;
            }
            case KEPT -> {
                out.printf(Locale.ROOT, "kept version %d: version %d scored %.4f against %.4f on the %s set, not "
                        + "better by %.4f%n", outcome.previous(), outcome.version(), outcome.newAccuracy(),
                        outcome.currentAccuracy(), outcome.decidedOn(), outcome.minImprovement());
                yield ExitCode.NOT_PROMOTED;
            }
        };
    }
}
