package io.paramavg.driver.tune;

/**
 * One finished trial of a search, as its comparison table shows it.
 *
 * @param name          the trial's settings, {@code key=value ...}
 * @param folder        where its run wrote its outputs
 * @param metric        the validation metric that chose (val-loss or val-accuracy)
 * @param value         the trial's value of it, at its best epoch
 * @param valLoss       the best epoch's validation loss
 * @param valAccuracy   the best epoch's validation accuracy
 * @param testAccuracy  the kept model's test accuracy (reported, never used to choose)
 * @param bestEpoch     the best epoch (1-based)
 * @param epochs        the epochs it ran
 * @param seconds       its wall time
 */
public record Trial(String name, String folder, String metric, double value, double valLoss, double valAccuracy,
                    double testAccuracy, int bestEpoch, int epochs, double seconds) {
}
