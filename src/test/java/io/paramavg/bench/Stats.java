package io.paramavg.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The one statistic the benchmark reports: medians, robust to the noise of a shared 2-core machine. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
