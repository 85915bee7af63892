package punchline.server;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} of a test's own: on a free loopback port, with its own temporary folder,
 * no persistence, stopped (by its own process handle) after the test. Never the machine's service.
 * A missing redis-server fails the test loudly: the project's scripts install it
 * ({@code scripts/ensure-packages.sh redis-server}); a skipped cluster test would prove nothing.
 */
final class RedisServer implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 15;

    private final Path dir;
    private final int port;
    private ProcessOutput output;
    private Process process;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static RedisServer start() {
        RedisServer redis;
        try {
            redis = new RedisServer(Files.createTempDirectory("punchline-redis-"), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            redis.launch();
            return redis;
        } catch (IOException e) {
            redis.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            redis.close();
            throw e;
        }
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes",
                "--loglevel", "notice").redirectErrorStream(true);
        try {
            process = builder.start();
        } catch (IOException e) {
            fail("redis-server is not installed, and the cluster tests need a real one: "
                    + "run scripts/ensure-packages.sh redis-server (test.sh and .ci/run do)", e);
        }
        output = ProcessOutput.follow(process, "redis");
        try {
            output.await("Ready to accept connections", START_TIMEOUT_SECONDS);
        } catch (AssertionError | RuntimeException e) {
            process.destroyForcibly(); // never left running behind a failed start
            throw e;
        }
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** SIGKILL: Redis vanishes mid-sentence and loses everything (no persistence). */
    void kill() {
        closeClient();
        process.destroyForcibly();
        waitFor();
    }

    /** A new redis-server on the same port, empty. */
    void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commands for a test to look into Redis (keys, TTLs). */
    RedisCommands<String, String> commands() {
        if (connection == null) {
            client = RedisClient.create(io.lettuce.core.RedisURI.create(uri()));
            connection = client.connect();
        }
        return connection.sync();
    }

    @Override
    public void close() {
        closeClient();
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    private void closeClient() {
        if (connection != null) {
            connection.close();
            client.shutdown();
            connection = null;
            client = null;
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
