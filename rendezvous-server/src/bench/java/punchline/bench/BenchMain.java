package punchline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The rendezvous server load benchmark's coordinator. The server runs as its own process (started by
 * {@code run-bench.sh}), or a cluster's nodes do ({@code --ports P1,P2,P3 --server-pids A,B,C
 * --redis-pid R}: clients spread over the nodes, rooms span them, every introduction pairs users of
 * different nodes); this starts {@code --workers} {@link LoadWorker} processes, walks them through
 * the phases and prints the figures:
 * <ol>
 *   <li>join: every worker registers its clients in rooms of {@code --room-size};</li>
 *   <li>hold for {@code --hold-seconds} (longer than the server's idle timeout, so a client that did not
 *       answer heartbeats would be dropped): meanwhile {@code --fresh-joins} fresh clients join one by
 *       one and are timed; then every client's liveness, pings and presence are checked and the
 *       server's RSS, open files and heap are read;</li>
 *   <li>introductions: each client asks {@code --intros-per-user} room-mates (distinct pairs), each
 *       worker keeping {@code --window} in flight; the rate is counted where both introductions land.</li>
 * </ol>
 */
public final class BenchMain {
    private static final PrintStream OUT = System.out;
    private static final String WORKER_SOURCE_PREFIX = "127.0.0.";
    private static final int FIRST_WORKER_SOURCE = 11;
    private static final String FRESH_SOURCE = "127.0.0.10";

    private final Map<String, String> options;
    private final long startNanos = System.nanoTime();

    private BenchMain(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of(
                "--host", "127.0.0.1",
                "--clients", "15000",
                "--workers", "4",
                "--room-size", "50",
                "--hold-seconds", "20",
                "--fresh-joins", "200",
                "--intros-per-user", "6",
                "--window", "256",
                "--worker-jvm", "-XX:+UseSerialGC -Xms64m -Xmx512m"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        options.putIfAbsent("--ports", options.get("--port"));
        options.putIfAbsent("--server-pids", options.get("--server-pid"));
        if (options.get("--ports") == null || options.get("--server-pids") == null) {
            System.err.println("usage: BenchMain --port P --server-pid PID [--clients N] [--workers W] ...\n"
                    + "       BenchMain --ports P1,P2,P3 --server-pids A,B,C --redis-pid R ...   (a cluster)");
            System.exit(2);
        }
        System.exit(new BenchMain(options).run() ? 0 : 1);
    }

    private int intOption(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void log(String format, Object... args) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        OUT.printf(Locale.ROOT, "[%6.1fs] %s%n", seconds, String.format(Locale.ROOT, format, args));
    }

    private boolean run() throws Exception {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String port : options.get("--ports").split(",")) {
            servers.add(new InetSocketAddress(options.get("--host"), Integer.parseInt(port.trim())));
        }
        NodeProbes probe = new NodeProbes(options.get("--server-pids"));
        ServerProbe redis = options.containsKey("--redis-pid")
                ? new ServerProbe(Long.parseLong(options.get("--redis-pid"))) : null;
        int clients = intOption("--clients");
        int workerCount = intOption("--workers");
        int roomSize = intOption("--room-size");
        long serverLimit = ServerProbe.openFilesLimit(options.get("--server-pids").split(",")[0].trim())
                * servers.size();
        long ownLimit = ServerProbe.openFilesLimit("self");
        int perWorker = (clients + workerCount - 1) / workerCount;
        log("open files: the server needs %d+ of its limit %d; each generator %d+ of %d", clients, serverLimit,
                perWorker, ownLimit);
        if (clients + 100 > serverLimit || perWorker + 100 > ownLimit) {
            throw new IllegalStateException("not enough file descriptors: use more --workers or raise ulimit -n");
        }
        long[] idle0 = machineTicks();
        Thread.sleep(1000);
        long[] idle1 = machineTicks();
        double background = (double) (idle1[0] - idle0[0]) / Math.max(1, idle1[1] - idle0[1]);
        log("before starting: the machine is %.0f%% busy (other processes)%s", 100 * background,
                background > 0.1 ? " -- WARNING: the figures below will be pessimistic" : "");
        List<Worker> workers = new ArrayList<>();
        try {
            for (int w = 0; w < workerCount; w++) {
                int share = clients / workerCount + (w < clients % workerCount ? 1 : 0);
                workers.add(Worker.start(w, share, roomSize, servers, WORKER_SOURCE_PREFIX + (FIRST_WORKER_SOURCE + w),
                        options.get("--worker-jvm")));
            }
            for (Worker worker : workers) {
                worker.expect("ready", Duration.ofSeconds(180)); // each makes its client keys first
            }
            log("%d workers ready; server pid(s) %s, %s", workerCount, options.get("--server-pids"), servers);
            return phases(servers, probe, redis, workers, clients, roomSize);
        } finally {
            for (Worker worker : workers) {
                worker.stop();
            }
        }
    }

    private boolean phases(List<InetSocketAddress> servers, NodeProbes probe, ServerProbe redis, List<Worker> workers,
                           int clients, int roomSize) throws Exception {
        Results results = new Results();
        boolean cluster = servers.size() > 1;
        String perNode = cluster ? " per node (largest)" : "";

        // 1. join
        Duration cpu0 = probe.cpuTime();
        long t0 = System.nanoTime();
        workers.forEach(w -> w.send("join"));
        List<Long> ramp = new ArrayList<>();
        int joined = 0;
        int joinFailed = 0;
        for (Worker worker : workers) {
            Map<String, String> r = worker.expect("joined", phaseTimeout(clients));
            joined += Integer.parseInt(r.get("ready"));
            joinFailed += Integer.parseInt(r.get("failed"));
            for (long v : Percentiles.parse(r.get("welcome"))) {
                ramp.add(v);
            }
        }
        double joinSeconds = (System.nanoTime() - t0) / 1e9;
        Percentiles rampLatency = Percentiles.of(ramp.stream().mapToLong(Long::longValue).toArray(), ramp.size());
        log("join: %d clients registered (%d failed) in %.1f s = %.0f joins/s; server CPU %.1f s; "
                        + "connect->welcome during the ramp %s",
                joined, joinFailed, joinSeconds, joined / joinSeconds, seconds(probe.cpuTime().minus(cpu0)),
                rampLatency.describeMillis());

        // 2. hold, with fresh joins timed meanwhile
        long holdStart = System.nanoTime();
        workers.forEach(w -> w.send("mark"));
        for (Worker worker : workers) {
            worker.expect("mark", Duration.ofSeconds(10));
        }
        Duration cpuHold0 = probe.cpuTime();
        List<String> rooms = new ArrayList<>();
        int roomsPerWorker = (clients / workers.size()) / roomSize;
        for (int r = 0; r < Math.max(1, roomsPerWorker); r++) {
            for (int w = 0; w < workers.size(); w++) {
                rooms.add("w" + w + "-r" + r);
            }
        }
        FreshJoins.Result fresh = FreshJoins.run(servers, InetAddress.getByName(FRESH_SOURCE), rooms, 10,
                intOption("--fresh-joins"), 20);
        Percentiles welcome = Percentiles.of(fresh.welcomeMicros(), fresh.welcomeMicros().length);
        Percentiles listed = Percentiles.of(fresh.listedMicros(), fresh.listedMicros().length);
        log("fresh joins into rooms of %d: connect->welcome %s", roomSize, welcome.describeMillis());
        log("fresh joins: connect->complete user list %s; %d failed", listed.describeMillis(), fresh.failures());
        long holdNanos = TimeUnit.SECONDS.toNanos(intOption("--hold-seconds"));
        long left = holdNanos - (System.nanoTime() - holdStart);
        if (left > 0) {
            log("holding %.1f s more (all clients connected, answering pings)", left / 1e9);
            TimeUnit.NANOSECONDS.sleep(left);
        }
        double heldSeconds = (System.nanoTime() - holdStart) / 1e9;
        Status held = status(workers);
        double holdCpu = seconds(probe.cpuTime().minus(cpuHold0));
        long rss = probe.rssKib();
        long fds = probe.openFiles();
        int threads = probe.threads();
        long[] heap = probe.heapKib();
        log("hold: %d alive, %d closed after %.1f s; pings answered since the hold began: %d "
                        + "(min %d, max %d per client); presence wrong for %d; errors %s",
                held.alive, held.closed, heldSeconds, held.pings, held.minPings, held.maxPings, held.presenceWrong,
                held.errors);
        log("server%s: RSS %.1f MiB, heap used %.1f MiB of %.1f MiB committed, %d open files, %d threads, "
                        + "CPU %.1f%% of one core while holding%s",
                perNode, rss / 1024.0, heap[0] / 1024.0, heap[1] / 1024.0, fds, threads, 100 * holdCpu / heldSeconds,
                cluster ? " (all nodes)" : "");
        if (cluster) {
            log("nodes: RSS %s", probe.eachRss());
        }
        long redisRss = redis == null ? 0 : redis.rssKib();
        if (redis != null) {
            log("redis: RSS %.1f MiB, CPU %.1f s so far", redisRss / 1024.0, seconds(redis.cpuTime()));
        }
        probe.collectGarbage();
        long[] live = probe.heapKib();
        log("server: heap after a full GC (live set) %.1f MiB; RSS then %.1f MiB", live[0] / 1024.0,
                probe.rssKib() / 1024.0);

        // 3. introductions
        Duration cpuIntro0 = probe.cpuTime();
        Duration redisCpu0 = redis == null ? Duration.ZERO : redis.cpuTime();
        Duration generatorsCpu0 = cpuOf(workers);
        long[] machine0 = machineTicks();
        long introWall0 = System.nanoTime();
        String command = "intro " + intOption("--intros-per-user") + " " + intOption("--window");
        workers.forEach(w -> w.send(command));
        long done = 0;
        long failed = 0;
        long duplicate = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<Long> latencies = new ArrayList<>();
        Map<Long, Long> perSecond = new HashMap<>();
        for (Worker worker : workers) {
            Map<String, String> r = worker.expect("intro", phaseTimeout(clients));
            done += Long.parseLong(r.get("done"));
            failed += Long.parseLong(r.get("failed"));
            duplicate += Long.parseLong(r.get("duplicate"));
            long start = Long.parseLong(r.get("startNs"));
            first = Math.min(first, start);
            last = Math.max(last, Long.parseLong(r.get("endNs")));
            for (long v : Percentiles.parse(r.get("latency"))) {
                latencies.add(v);
            }
            log("  worker %d: %s introductions in %.2f s", worker.id, r.get("done"),
                    (Long.parseLong(r.get("endNs")) - start) / 1e9);
            long slotNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(r.get("slotMs")));
            long[] hist = Percentiles.parse(r.get("hist"));
            for (int i = 0; i < hist.length; i++) {
                perSecond.merge(start + i * slotNanos, hist[i], Long::sum);
            }
        }
        double introSeconds = (last - first) / 1e9;
        double introCpu = seconds(probe.cpuTime().minus(cpuIntro0));
        double redisCpu = redis == null ? 0 : seconds(redis.cpuTime().minus(redisCpu0));
        double introWall = (System.nanoTime() - introWall0) / 1e9;
        double generatorsCpu = seconds(cpuOf(workers).minus(generatorsCpu0));
        long[] machine1 = machineTicks();
        double machineBusy = (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
        double rate = done / introSeconds;
        long[] window = slidingSecond(perSecond, first);
        log("introductions completed per 100 ms: %s", series(perSecond, first));
        Percentiles introLatency = Percentiles.of(latencies.stream().mapToLong(Long::longValue).toArray(),
                latencies.size());
        log("introductions: %d completed, %d refused, %d duplicates in %.2f s = %.0f/s "
                        + "(best 1-s window %d, worst full 1-s window %d)",
                done, failed, duplicate, introSeconds, rate, window[0], window[1]);
        int cores = Runtime.getRuntime().availableProcessors();
        double others = Math.max(0, cores * machineBusy - (introCpu + redisCpu + generatorsCpu) / introWall);
        log("introductions: CPU meanwhile: server%s %.0f%% of one core, %sthe %d generators %.0f%%, the rest "
                        + "(kernel, this coordinator, other processes) %.0f%% (machine busy %.0f%% of %d cores)",
                cluster ? "s (all nodes)" : "", 100 * introCpu / introWall,
                redis == null ? "" : String.format(Locale.ROOT, "redis %.0f%%, ", 100 * redisCpu / introWall),
                workers.size(), 100 * generatorsCpu / introWall, 100 * others, 100 * machineBusy, cores);
        log("introductions: connect -> both introduce received %s", introLatency.describeMillis());
        Status after = status(workers);
        log("after the burst: %d alive, %d closed; server%s RSS %.1f MiB (peak %.1f MiB); errors %s",
                after.alive, after.closed, perNode, probe.rssKib() / 1024.0, probe.peakRssKib() / 1024.0, after.errors);
        if (redis != null) {
            log("after the burst: redis RSS %.1f MiB (peak %.1f MiB)", redis.rssKib() / 1024.0,
                    redis.peakRssKib() / 1024.0);
        }

        results.add("concurrent registered clients, all answering heartbeats", String.format(Locale.ROOT, "%,d", clients),
                String.format(Locale.ROOT, "%,d (%d closed, min %d pings answered in %.0f s)",
                        held.alive, held.closed, held.minPings, heldSeconds),
                held.alive >= clients && held.closed == 0 && held.minPings > 0 && held.presenceWrong == 0);
        results.add("server RSS with them all connected" + perNode, "<= 250 MB",
                String.format(Locale.ROOT, "%.0f MiB (heap used %.0f MiB, live %.0f MiB)%s",
                        rss / 1024.0, heap[0] / 1024.0, live[0] / 1024.0, cluster ? "; nodes " + probe.eachRss() : ""),
                rss <= 250 * 1024);
        if (redis != null) {
            results.add("redis RSS with them all connected", "", String.format(Locale.ROOT, "%.0f MiB",
                    redisRss / 1024.0), true);
        }
        results.add("fresh join connect->welcome p99 (p50)", "<= 50 ms",
                String.format(Locale.ROOT, "%s ms (%s ms), n=%d", Percentiles.millis(welcome.at(0.99)),
                        Percentiles.millis(welcome.at(0.5)), welcome.count()),
                welcome.count() > 0 && fresh.failures() == 0 && welcome.at(0.99) <= 50_000);
        results.add("fresh join connect->complete user list p99 (p50)", cluster ? "<= 50 ms" : "",
                String.format(Locale.ROOT, "%s ms (%s ms)", Percentiles.millis(listed.at(0.99)),
                        Percentiles.millis(listed.at(0.5))),
                !cluster || listed.at(0.99) <= 50_000);
        results.add(cluster ? "introductions per second, every pair across nodes" : "introductions per second",
                ">= 5,000",
                String.format(Locale.ROOT, "%,.0f/s (%,d pairs, %d refused)", rate, done, failed),
                rate >= 5_000 && failed == 0);
        results.print(OUT);
        return results.allMet();
    }

    /** How long a phase may take: 120 s, or 100 clients a second on a machine busy with other work. */
    private static Duration phaseTimeout(int clients) {
        return Duration.ofSeconds(Math.max(120, clients / 100));
    }

    /** The most and fewest completions in any whole second of the burst (100 ms slots, summed over workers). */
    private static long[] slidingSecond(Map<Long, Long> slots, long first) {
        Map<Integer, Long> bySlot = new HashMap<>();
        int lastSlot = 0;
        for (Map.Entry<Long, Long> e : slots.entrySet()) {
            int slot = (int) ((e.getKey() - first) / TimeUnit.MILLISECONDS.toNanos(100));
            bySlot.merge(slot, e.getValue(), Long::sum);
            lastSlot = Math.max(lastSlot, slot);
        }
        long best = 0;
        long worst = Long.MAX_VALUE;
        for (int s = 0; s + 10 <= lastSlot; s++) {
            long sum = 0;
            for (int i = s; i < s + 10; i++) {
                sum += bySlot.getOrDefault(i, 0L);
            }
            best = Math.max(best, sum);
            worst = Math.min(worst, sum);
        }
        return new long[] {best, worst == Long.MAX_VALUE ? 0 : worst};
    }

    private static Duration cpuOf(List<Worker> workers) {
        Duration total = Duration.ZERO;
        for (Worker worker : workers) {
            total = total.plus(worker.cpuTime());
        }
        return total;
    }

    /** {busy, total} jiffies of the whole machine, from the first line of /proc/stat. */
    private static long[] machineTicks() throws IOException {
        String[] cpu = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
        return new long[] {total - idle, total};
    }

    private static String series(Map<Long, Long> slots, long first) {
        java.util.TreeMap<Integer, Long> bySlot = new java.util.TreeMap<>();
        for (Map.Entry<Long, Long> e : slots.entrySet()) {
            bySlot.merge((int) ((e.getKey() - first) / TimeUnit.MILLISECONDS.toNanos(100)), e.getValue(), Long::sum);
        }
        return bySlot.values().toString();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private record Status(int alive, int closed, long pings, int minPings, int maxPings, int presenceWrong,
                          String errors) {
    }

    private static Status status(List<Worker> workers) throws Exception {
        workers.forEach(w -> w.send("status"));
        int alive = 0;
        int closed = 0;
        long pings = 0;
        int minPings = Integer.MAX_VALUE;
        int maxPings = 0;
        int presenceWrong = 0;
        StringBuilder errors = new StringBuilder();
        for (Worker worker : workers) {
            Map<String, String> r = worker.expect("status", Duration.ofSeconds(10));
            alive += Integer.parseInt(r.get("alive"));
            closed += Integer.parseInt(r.get("closed"));
            pings += Long.parseLong(r.get("pings"));
            minPings = Math.min(minPings, Integer.parseInt(r.get("minPings")));
            maxPings = Math.max(maxPings, Integer.parseInt(r.get("maxPings")));
            presenceWrong += Integer.parseInt(r.get("presenceWrong"));
            if (!"{}".equals(r.get("errors"))) {
                errors.append("w").append(worker.id).append(r.get("errors"));
            }
        }
        return new Status(alive, closed, pings, minPings, maxPings, presenceWrong,
                errors.length() == 0 ? "none" : errors.toString());
    }

    /** A load-generator process and the replies it prints, one line each. */
    private static final class Worker {
        final int id;
        private final Process process;
        private final Writer commands;
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

        private Worker(int id, Process process) {
            this.id = id;
            this.process = process;
            this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        replies.add(line);
                    }
                } catch (IOException ignored) {
                    // the worker ended
                }
                replies.add("exited");
            }, "worker-" + id);
            reader.setDaemon(true);
            reader.start();
        }

        static Worker start(int id, int clients, int roomSize, List<InetSocketAddress> servers, String source,
                            String jvmFlags) throws IOException {
            StringBuilder ports = new StringBuilder();
            for (InetSocketAddress server : servers) {
                ports.append(ports.length() == 0 ? "" : ",").append(server.getPort());
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(jvmFlags.trim().split("\\s+")));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadWorker.class.getName(),
                    Integer.toString(id), Integer.toString(clients), Integer.toString(roomSize),
                    servers.get(0).getHostString(), ports.toString(), source));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Worker(id, process);
        }

        Duration cpuTime() {
            return process.info().totalCpuDuration().orElse(Duration.ZERO);
        }

        void send(String command) {
            try {
                commands.write(command + "\n");
                commands.flush();
            } catch (IOException e) {
                throw new IllegalStateException("worker " + id + " is gone", e);
            }
        }

        /** Waits for the reply that starts with {@code word}; returns its key=value fields. */
        Map<String, String> expect(String word, Duration timeout) throws Exception {
            String line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || !line.startsWith(word)) {
                throw new IllegalStateException("worker " + id + ": expected '" + word + "', got "
                        + (line == null ? "nothing in " + timeout.toSeconds() + " s" : "'" + abbreviate(line) + "'"));
            }
            Map<String, String> fields = new HashMap<>();
            for (String part : line.split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            return fields;
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                try {
                    send("quit");
                } catch (IllegalStateException ignored) {
                    // already gone
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }

        private static String abbreviate(String line) {
            return line.length() > 200 ? line.substring(0, 200) + "..." : line;
        }
    }

    /** The summary table: metric, target, measured, met. */
    private static final class Results {
        private final List<String[]> rows = new ArrayList<>();
        private boolean allMet = true;

        void add(String metric, String target, String measured, boolean met) {
            rows.add(new String[] {metric, target, measured, met ? "yes" : "NO"});
            allMet &= met;
        }

        boolean allMet() {
            return allMet;
        }

        void print(PrintStream out) {
            out.println();
            out.println("| metric | target | measured | met |");
            out.println("|---|---|---|---|");
            for (String[] row : rows) {
                out.println("| " + String.join(" | ", row) + " |");
            }
        }
    }
}
