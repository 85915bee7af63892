package punchline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the operating system and the JVM say about the server process, read from outside it. */
final class ServerProbe {
    /** "def new generation   total 9792K, used 3328K" / "tenured generation total ..." / G1's "heap total". */
    private static final Pattern SPACE = Pattern.compile("(generation|heap)\\s+total (\\d+)K, used (\\d+)K");

    private final long pid;
    private final ProcessHandle process;

    ServerProbe(long pid) {
        this.pid = pid;
        this.process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalArgumentException("no process " + pid));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** VmRSS in KiB: resident memory, as the kernel counts it. */
    long rssKib() throws IOException {
        return statusField("VmRSS:");
    }

    /** VmHWM in KiB: the highest resident memory so far. */
    long peakRssKib() throws IOException {
        return statusField("VmHWM:");
    }

    int threads() throws IOException {
        return (int) statusField("Threads:");
    }

    /** The soft limit on open files of process {@code pid} ("self" for this one), from /proc/PID/limits. */
    static long openFilesLimit(String pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no open-files limit in /proc/" + pid + "/limits");
    }

    long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /** User plus system CPU time the server has used so far. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Java heap {used, committed} in KiB, summed over the generations, from {@code jcmd GC.heap_info}. */
    long[] heapKib() throws IOException, InterruptedException {
        String info = jcmd("GC.heap_info");
        long used = 0;
        long committed = 0;
        Matcher m = SPACE.matcher(info);
        while (m.find()) {
            committed += Long.parseLong(m.group(2));
            used += Long.parseLong(m.group(3));
        }
        if (committed == 0) {
            throw new IOException("cannot read the heap from jcmd output:\n" + info);
        }
        return new long[] {used, committed};
    }

    /** A full collection, so that the next heap reading is the live set. */
    void collectGarbage() throws IOException, InterruptedException {
        jcmd("GC.run");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed:\n" + out);
        }
        return out;
    }

    private long statusField(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(name + " not found in /proc/" + pid + "/status");
    }
}
