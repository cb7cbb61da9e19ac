package io.paramavg.worker.updater;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.AdamUpdater;

/**
 * Puts the Java updaters into a built network, through DL4J's own extension point: each of the
 * network's updater blocks holds a {@code GradientUpdater}, and a block's is replaced by one that
 * computes the same step on the same state view. The configuration is untouched, so the network
 * serialises, saves and loads exactly as before; a network rebuilt from its configuration gets DL4J's
 * stock updaters back.
 */
public final class HostUpdaters {
    private HostUpdaters() {
    }

    /** Replaces every stock Adam block updater of {@code network}; returns how many it replaced. */
    public static int install(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(true);
        if (!(updater instanceof BaseMultiLayerUpdater<?> blocks)) {
            return 0;
        }
        int replaced = 0;
        for (UpdaterBlock block : blocks.getUpdaterBlocks()) {
            if (block.getGradientUpdater() instanceof AdamUpdater stock) {
                block.setGradientUpdater(new HostAdam(stock));
                replaced++;
            }
        }
        return replaced;
    }

    /** Whether every updater block of {@code network} that runs Adam runs {@link HostAdam}. */
    public static boolean installed(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(false);
        if (!(updater instanceof BaseMultiLayerUpdater<?> blocks)) {
            return false;
        }
        return blocks.getUpdaterBlocks().stream().noneMatch(block -> block.getGradientUpdater() instanceof AdamUpdater)
                && blocks.getUpdaterBlocks().stream().anyMatch(block -> block.getGradientUpdater() instanceof HostAdam);
    }
}
