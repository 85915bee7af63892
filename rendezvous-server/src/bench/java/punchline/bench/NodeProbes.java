package punchline.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server processes under test (one, or a cluster's nodes), read like {@link ServerProbe} reads one:
 * CPU summed over them; memory, files and threads of the largest, with each node's listed too.
 */
final class NodeProbes {
    private final List<ServerProbe> nodes = new ArrayList<>();

    NodeProbes(String pids) {
        for (String pid : pids.split(",")) {
            nodes.add(new ServerProbe(Long.parseLong(pid.trim())));
        }
    }

    int size() {
        return nodes.size();
    }

    Duration cpuTime() {
        Duration total = Duration.ZERO;
        for (ServerProbe node : nodes) {
            total = total.plus(node.cpuTime());
        }
        return total;
    }

    long rssKib() throws IOException {
        long max = 0;
        for (ServerProbe node : nodes) {
            max = Math.max(max, node.rssKib());
        }
        return max;
    }

    long peakRssKib() throws IOException {
        long max = 0;
        for (ServerProbe node : nodes) {
            max = Math.max(max, node.peakRssKib());
        }
        return max;
    }

    long openFiles() throws IOException {
        long max = 0;
        for (ServerProbe node : nodes) {
            max = Math.max(max, node.openFiles());
        }
        return max;
    }

    int threads() throws IOException {
        int max = 0;
        for (ServerProbe node : nodes) {
            max = Math.max(max, node.threads());
        }
        return max;
    }

    /** {used, committed} heap of the node using the most. */
    long[] heapKib() throws IOException, InterruptedException {
        long[] max = {0, 0};
        for (ServerProbe node : nodes) {
            long[] heap = node.heapKib();
            if (heap[0] > max[0]) {
                max = heap;
            }
        }
        return max;
    }

    void collectGarbage() throws IOException, InterruptedException {
        for (ServerProbe node : nodes) {
            node.collectGarbage();
        }
    }

    /** Each node's RSS, "128 / 131 / 127 MiB". */
    String eachRss() throws IOException {
        List<String> each = new ArrayList<>();
        for (ServerProbe node : nodes) {
            each.add(String.format(Locale.ROOT, "%.0f", node.rssKib() / 1024.0));
        }
        return String.join(" / ", each) + " MiB";
    }
}
