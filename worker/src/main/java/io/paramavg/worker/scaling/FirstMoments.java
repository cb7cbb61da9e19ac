package io.paramavg.worker.scaling;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the first moments lie in a network's flat updater state: for each of DL4J's updater blocks,
 * Adam keeps {@code [m | v]} (the first half is the first moment) and Nesterov momentum keeps its
 * velocity alone; plain SGD keeps nothing. Read from the network's own blocks rather than assumed,
 * so a configuration that splits the updater into several blocks is still zeroed in the right places.
 */
public final class FirstMoments {
    private FirstMoments() {
    }

    /** {@code [start0, end0, start1, end1, ...]}: the first-moment ranges of {@code network}'s updater state. */
    public static int[] ranges(MultiLayerNetwork network) {
        Updater updater = network.getUpdater(true);
        List<Integer> ranges = new ArrayList<>();
        if (updater instanceof BaseMultiLayerUpdater<?> multi) {
            for (UpdaterBlock block : multi.getUpdaterBlocks()) {
                IUpdater config = block.getGradientUpdater().getConfig();
                int start = block.getUpdaterViewOffsetStart();
                int end = block.getUpdaterViewOffsetEnd();
                if (config instanceof Adam) {
                    ranges.add(start);
                    ranges.add(start + (end - start) / 2);
                } else if (config instanceof Nesterovs) {
                    ranges.add(start);
                    ranges.add(end);
                }
            }
        }
        return ranges.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A copy of {@code state} with the {@code ranges} set to zero. */
    static float[] zeroed(float[] state, int[] ranges) {
        float[] copy = state.clone();
        for (int i = 0; i < ranges.length; i += 2) {
            java.util.Arrays.fill(copy, ranges[i], ranges[i + 1], 0f);
        }
        return copy;
    }
}
