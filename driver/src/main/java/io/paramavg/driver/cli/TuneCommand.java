package io.paramavg.driver.cli;

import io.paramavg.driver.config.ConfigKey;
import io.paramavg.driver.config.RunConfig;
import io.paramavg.driver.config.Settings;
import io.paramavg.driver.data.HadoopConf;
import io.paramavg.driver.tune.Grid;
import io.paramavg.driver.tune.Trial;
import io.paramavg.driver.tune.TuneService;
import io.paramavg.worker.settings.Setting;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code paramavg tune}: a grid or random search over settings, chosen by the validation metric. */
final class TuneCommand implements Command {
    /** --random's sample size: a command option, not a run's configuration key. */
    private static final Setting<Integer> TRIALS = Setting.integer("--trials", 10, 1,
            "Combinations to try with --random.");

    private final PrintStream out;
    private final HadoopConf conf;

    TuneCommand(PrintStream out, HadoopConf conf) {
        this.out = out;
        this.conf = conf;
    }

    @Override
    public String name() {
        return "tune";
    }

    @Override
    public String summary() {
        return "a search over settings: one training run per combination, chosen by validation data";
    }

    @Override
    public String description() {
        return """
                Usage: paramavg tune --grid KEY=V1,V2,... [--grid ...] [--random --trials N] [train options]

                Trains one model per combination of the --grid values (or N combinations drawn at random with
                the run seed), one after the other on the same Spark context, into --out/trials/<n>, and
                chooses the one with the best validation metric (train.early-stopping-metric; the test set
                only reports). Needs validation data: train.validation-fraction or data.validation. Prints
                and writes the comparison (--out/tune.json, --out/tune.html) and copies the chosen model to
                --out/model.zip. Every value is checked before the first trial. model.hidden-layers values
                are separated by ';' (their own values contain commas). The averaging rule's keys search like
                any other, 'auto' included: --grid train.block-momentum=auto,0.5,0.9 --grid
                train.learning-rate-scaling=none,sqrt (which to search for a cluster size: docs/scaling.md).
                """;
    }

    @Override
    public List<Option> options() {
        return Option.join(List.of(
                Option.repeated("--grid", "KEY=V1,V2", "Values to try for one configuration key; repeatable, one "
                        + "per key."),
                Option.flag("--random", "Try --trials combinations drawn at random (seeded) instead of all."),
                Option.valued("--trials", "N", TRIALS.description(), TRIALS.defaultText()),
                Option.valued("--out", "DIR", "Folder for the trials, the comparison and the chosen model.",
                        "runs/tune-<date>-<time>"),
                Option.flag("--resume", "Skip the trials an earlier, interrupted search in --out finished; continue "
                        + "an unfinished trial from its checkpoint.")),
                SharedOptions.TRAINING);
    }

    @Override
    public ExitCode run(ParsedArguments arguments) throws IOException {
        Grid grid = Grid.parse(arguments.all("--grid"));
        Settings base = SharedOptions.settings(arguments, SharedOptions.CONFIGURATION);
        RunConfig baseConfig = RunConfig.from(base);
        List<Map<ConfigKey, String>> combinations;
        if (arguments.has("--random")) {
            int trials = TRIALS.parse(arguments.last("--trials", TRIALS.defaultText()));
            combinations = grid.sample(trials, baseConfig.training().seed());
        } else {
            if (arguments.has("--trials")) {
                throw UsageException.of("--trials applies with --random");
            }
            combinations = grid.combinations();
        }
        // Every trial's whole configuration is built, and so checked, before the first one trains.
        List<RunConfig> configs = Grid.configurations(base, combinations);
        String outFolder = arguments.last("--out", "runs/tune-" + SharedOptions.timestamp());
        ProgressPrinter progress = new ProgressPrinter(out, System.console() != null);
        TuneService.Outcome outcome = new TuneService(conf, progress).run(configs, TuneService.names(combinations),
                outFolder, arguments.last("--master", null), arguments.has("--resume"), arguments.has("--shared-paths"));
        out.println();
        out.printf(Locale.ROOT, "%-5s %-9s %-12s %-10s %-8s %s%n", "trial", "val loss", "val accuracy", "best epoch",
                "test acc", "settings");
        int index = 1;
        for (Trial trial : outcome.trials()) {
            out.printf(Locale.ROOT, "%-5s %-9.4f %-12.4f %-10d %-8.4f %s%n", (trial == outcome.best() ? "*" : "")
                    + index++, trial.valLoss(), trial.valAccuracy(), trial.bestEpoch(), trial.testAccuracy(),
                    trial.name());
        }
        out.printf(Locale.ROOT, "chose %s by %s; wrote %s/{model.zip, %s, %s}%n", outcome.best().name(),
                outcome.best().metric(), outcome.folder(), TuneService.TABLE, TuneService.REPORT);
        return ExitCode.OK;
    }
}
