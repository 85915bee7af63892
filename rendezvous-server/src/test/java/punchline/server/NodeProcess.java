package punchline.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A rendezvous server in a process of its own (this test run's classes, {@link ServerMain}), on
 * 127.0.0.1 and a free port: a cluster node when given a Redis. Killed (SIGKILL) or stopped (SIGTERM)
 * by its own process handle.
 */
final class NodeProcess implements AutoCloseable {
    /** A deadline, not a wait: a node starts in 2-5 s, but the shared machine has been seen to take 40. */
    private static final long START_TIMEOUT_SECONDS = 90;

    final String id;
    private final Process process;
    private final ProcessOutput out;
    private final ProcessOutput log;
    private final InetSocketAddress address;

    private NodeProcess(String id, Process process) {
        this.id = id;
        this.process = process;
        this.out = ProcessOutput.follow(process, id);
        this.log = ProcessOutput.follow(process.getErrorStream(), id + " log");
        String listening = out.await("listening on port", START_TIMEOUT_SECONDS);
        this.address = new InetSocketAddress(Loopback.LOCALHOST,
                Integer.parseInt(listening.replaceAll(".*listening on port (\\d+).*", "$1")));
    }

    /** A node of the cluster on {@code redis}: short TTL so a dead node is noticed within seconds. */
    static NodeProcess node(URI redis, String id, String... extra) {
        List<String> args = new ArrayList<>(List.of("--cluster", redis.toString(), "--node-id", id,
                "--node-ttl", "2", "--identity", sharedIdentity().toString()));
        args.addAll(List.of(extra));
        return start(id, List.of(), args);
    }

    /**
     * The one identity every test node shows, as a cluster's nodes must (docs/operations.md, "A cluster"):
     * made here once, before any node starts, so no two nodes race to create it.
     */
    static synchronized java.nio.file.Path sharedIdentity() {
        if (sharedIdentity == null) {
            try {
                java.nio.file.Path file = java.nio.file.Files.createTempDirectory("punchline-test-cluster")
                        .resolve(ServerIdentity.FILE_NAME);
                ServerIdentity.loadOrCreate(file);
                sharedIdentity = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedIdentity;
    }

    private static java.nio.file.Path sharedIdentity;

    /** A server process with these JVM options and server arguments (after the test defaults). */
    static NodeProcess start(String id, List<String> jvm, List<String> serverArgs) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx96m"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--port", "0", "--bind", "127.0.0.1", "--no-console", "--max-per-address", "0",
                "--hello-timeout", "3"));
        command.addAll(serverArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PUNCHLINE_LOG", "info");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new NodeProcess(id, process);
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly(); // a node that did not start is not left running
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /** What the node logged (standard error). */
    ProcessOutput log() {
        return log;
    }

    /** What it printed (standard output). */
    ProcessOutput out() {
        return out;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the node vanishes without a word to anyone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the graceful stop systemd does; returns once the process has ended. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(id + " did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves what the node logged in target/node-logs, for whoever reads a failed run. */
    private void keepLog() {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "node-logs");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(id + "-" + process.pid() + ".log"), log.lines());
        } catch (IOException ignored) {
            // only diagnostics
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        keepLog();
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
