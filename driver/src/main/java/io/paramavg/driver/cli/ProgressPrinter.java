package io.paramavg.driver.cli;

import io.paramavg.driver.checkpoint.Checkpoint;
import io.paramavg.driver.engine.EpochReport;
import io.paramavg.driver.engine.RoundReport;
import io.paramavg.driver.service.RunEvents;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on the driver's standard output: a line per epoch always, and within an epoch a round
 * line at most every few seconds (rewritten in place on a terminal, appended when the output is a
 * log file), so long epochs never look like a hang.
 */
public final class ProgressPrinter implements RunEvents {
    private static final long ROUND_LINE_INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastRoundLine = System.nanoTime();
    private boolean roundLineOpen;
    private long roundExamples;
    private double roundSeconds;
    private int firstEpoch = -1;
    private int checkpointsShown;
    private boolean checkpointedEpoch;

    public ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onRound(RoundReport report) {
        roundExamples += report.examples();
        roundSeconds += report.totalMs() / 1000;
        long now = System.nanoTime();
        if (now - lastRoundLine < ROUND_LINE_INTERVAL_NANOS) {
            return;
        }
        lastRoundLine = now;
        String line = String.format(Locale.ROOT, "  epoch %d round %d/%d  loss %.4f  %,.0f examples/s  elapsed %s",
                report.epoch() + 1, report.round() + 1, report.roundsPerEpoch(), report.meanLoss(),
                roundSeconds > 0 ? roundExamples / roundSeconds : 0, clock(now - started));
        if (terminal) {
            out.print("\r" + line + "   ");
            roundLineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void onMessage(String line) {
        closeRoundLine();
        out.println(line);
        out.flush();
    }

    @Override
    public void onExecutor(String executor) {
        closeRoundLine();
        out.println("executor " + executor + " is training");
        out.flush();
    }

    @Override
    public void onCheckpoint(Checkpoint checkpoint, Object location) {
        if (checkpointsShown == 0) {
            closeRoundLine();
            out.println("checkpoints go to " + location.toString().replaceAll("/[^/]*$", "/"));
        }
        checkpointsShown++;
        if (checkpoint.nextRound() == 0) {
            // At an epoch's end the epoch line says it; only checkpoints inside an epoch get a line.
            checkpointedEpoch = true;
            return;
        }
        closeRoundLine();
        out.println("  checkpoint saved: " + location);
        out.flush();
    }

    private void closeRoundLine() {
        if (roundLineOpen) {
            out.println();
            roundLineOpen = false;
        }
    }

    @Override
    public void onEpoch(EpochReport report, int epochs) {
        if (roundLineOpen) {
            out.print("\r" + " ".repeat(100) + "\r");
            roundLineOpen = false;
        }
        long elapsed = System.nanoTime() - started;
        int done = report.epoch() + 1;
        if (firstEpoch < 0) {
            firstEpoch = report.epoch();
        }
        // A resumed run times only the epochs it ran itself.
        long eta = done < epochs ? elapsed / (done - firstEpoch) * (epochs - done) : 0;
        String accuracy = (Double.isNaN(report.trainAccuracy()) ? ""
                : String.format(Locale.ROOT, "  train accuracy %.4f", report.trainAccuracy()))
                + (report.validation() == null ? "" : String.format(Locale.ROOT, "  val loss %.4f  val accuracy %.4f",
                report.validation().meanLoss(), report.validation().accuracy()))
                + (report.evaluation() == null ? ""
                : String.format(Locale.ROOT, "  test accuracy %.4f", report.evaluation().accuracy()));
        out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f%s  %,.0f examples/s  elapsed %s  eta %s%s%n", done, epochs,
                report.meanLoss(), accuracy, report.examplesPerSecond(), clock(elapsed), clock(eta),
                checkpointedEpoch ? "  (checkpointed)" : "");
        checkpointedEpoch = false;
        out.flush();
        roundExamples = 0;
        roundSeconds = 0;
    }

    static String clock(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
