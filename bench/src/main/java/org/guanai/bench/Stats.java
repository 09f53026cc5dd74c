package org.guanai.bench;

import java.util.Arrays;

/** Medians and percentiles of measured samples. */
final class Stats {
    private Stats() {
    }

    /** The median: the middle sample, or the mean of the two middle samples. */
    static double median(long[] samples) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] s = samples.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
    }

    /** The nearest-rank percentile {@code p} (0 < p ≤ 100) of samples sorted ascending. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    /** A growable array of longs, for one thread's latencies. */
    static final class LongList {
        private long[] values = new long[4096];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        static long[] sortedUnion(Iterable<LongList> lists) {
            int n = 0;
            for (LongList l : lists) {
                n += l.size;
            }
            long[] all = new long[n];
            int at = 0;
            for (LongList l : lists) {
                System.arraycopy(l.values, 0, all, at, l.size);
                at += l.size;
            }
            Arrays.sort(all);
            return all;
        }
    }
}
