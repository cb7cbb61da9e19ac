package io.paramavg.worker.updater;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.AdamUpdater;

/**
 * Puts the Java updaters into a built network, through DL4J's own extension points: the network's
 * updater is replaceable ({@code setUpdater}), and each of its updater blocks holds a
 * {@code GradientUpdater}, which is replaced by one that computes the same step on the same state view. The configuration is untouched, so the network
 * serialises, saves and loads exactly as before; a network rebuilt from its configuration gets DL4J's
 * stock updaters back.
 */
public final class HostUpdaters {
    private HostUpdaters() {
    }

    /**
     * Gives a freshly built {@code network} (before it trained: its updater state starts at zero) the
     * updater that steps on its own gradient view ({@link OwnGradientUpdater}), and replaces every stock
     * Adam block updater in it; returns how many Adam blocks it replaced.
     */
    public static int install(MultiLayerNetwork network) {
        OwnGradientUpdater updater = new OwnGradientUpdater(network);
        network.setUpdater(updater);
        return replaceAdam(updater);
    }

    private static int replaceAdam(BaseMultiLayerUpdater<?> blocks) {
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
        return updater instanceof OwnGradientUpdater
                && blocks.getUpdaterBlocks().stream().noneMatch(block -> block.getGradientUpdater() instanceof AdamUpdater)
                && blocks.getUpdaterBlocks().stream().anyMatch(block -> block.getGradientUpdater() instanceof HostAdam);
    }
}
