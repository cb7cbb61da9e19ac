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

    /** How many values {@code ranges} cover. */
    public static int covered(int[] ranges) {
        int covered = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            covered += ranges[i + 1] - ranges[i];
        }
        return covered;
    }

    /**
     * The values of {@code state} outside {@code ranges} (ascending, as {@link #ranges} gives them), in
     * order, written into {@code into} (of length {@code state.length - covered(ranges)}), which is returned.
     */
    public static float[] without(float[] state, int[] ranges, float[] into) {
        int from = 0;
        int at = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            int length = ranges[i] - from;
            System.arraycopy(state, from, into, at, length);
            at += length;
            from = ranges[i + 1];
        }
        System.arraycopy(state, from, into, at, state.length - from);
        return into;
    }

    /**
     * The inverse of {@link #without}: a state of {@code length} values, {@code kept} outside
     * {@code ranges} and zero inside them.
     */
    public static float[] restored(float[] kept, int[] ranges, int length) {
        if (kept.length != length - covered(ranges)) {
            throw new IllegalArgumentException("cannot restore " + length + " updater values from " + kept.length
                    + " kept outside " + covered(ranges) + " first-moment values");
        }
        float[] state = new float[length];
        int to = 0;
        int at = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            int chunk = ranges[i] - to;
            System.arraycopy(kept, at, state, to, chunk);
            at += chunk;
            to = ranges[i + 1];
        }
        System.arraycopy(kept, at, state, to, length - to);
        return state;
    }
}
