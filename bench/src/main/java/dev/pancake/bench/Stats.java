package dev.pancake.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of a list of measurements (nearest-rank percentiles). */
public record Stats(int count, long min, long p50, long p90, long p99, long max) {

    public static Stats of(List<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return new Stats(sorted.size(), sorted.get(0), rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
