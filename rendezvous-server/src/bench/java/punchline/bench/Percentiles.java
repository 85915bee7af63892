package punchline.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of latency samples in microseconds. */
final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    static Percentiles of(long[] samples, int count) {
        long[] copy = Arrays.copyOf(samples, count);
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** Parses the comma-separated list a worker reports. */
    static long[] parse(String csv) {
        if (csv == null || csv.isEmpty()) {
            return new long[0];
        }
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    static String join(long[] samples, int count) {
        StringBuilder text = new StringBuilder(count * 6);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(samples[i]);
        }
        return text.toString();
    }

    int count() {
        return sorted.length;
    }

    /** The sample at quantile {@code q} (0..1), or -1 when there are none. */
    long at(double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    long max() {
        return at(1.0);
    }

    /** "p50 1.2 ms, p90 ..., p99 ..., max ..." */
    String describeMillis() {
        return String.format("p50 %s ms, p90 %s ms, p99 %s ms, max %s ms (n=%d)",
                millis(at(0.50)), millis(at(0.90)), millis(at(0.99)), millis(max()), sorted.length);
    }

    static String millis(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }
}
