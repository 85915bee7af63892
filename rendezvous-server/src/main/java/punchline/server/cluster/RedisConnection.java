package punchline.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * Lettuce as the cluster uses it: one connection for commands (queued, and sent together at
 * {@link #flush}), one for the blocking stream read, and the hand-over of every reply to the server's
 * I/O thread. Lettuce's own threads run nothing of ours but that hand-over (and a script's retry).
 */
final class RedisConnection {
    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    /** A reply handler that also learns when Lettuce had the reply (before it waited for the I/O thread). */
    interface Completion<T> {
        void accept(T result, Throwable failure, long receivedNanos);
    }

    private final Executor ioThread;
    private final ClientResources resources;
    private final RedisClient client;
    private StatefulRedisConnection<String, String> commands;
    private StatefulRedisConnection<String, String> reader;
    /** Whether commands were queued since the last {@link #flush} (I/O thread only, once flushing is on). */
    private boolean queued;

    /** Connects both connections (blocking, on the caller's thread); throws when Redis cannot be reached. */
    RedisConnection(URI redis, Executor ioThread) {
        this.ioThread = ioThread;
        // Netty logs through JUL like the rest of the server (else it looks for SLF4J).
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2) // its minimum
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(redis);
        uri.setTimeout(CONNECT_TIMEOUT);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        try {
            commands = client.connect(StringCodec.UTF8);
            reader = client.connect(StringCodec.UTF8);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * From now on commands are queued and go out together at {@link #flush} (the end of each I/O round):
     * one write and one wake-up of Lettuce's thread per round instead of one per command.
     */
    void flushPerRound() {
        commands.setAutoFlushCommands(false);
    }

    /** Sends the commands queued in this I/O round, if any (a flush wakes Lettuce's thread). */
    void flush() {
        if (queued) {
            queued = false;
            commands.flushCommands();
        }
    }

    /** Sends what is queued now, from any thread (a node stopping after its I/O thread). */
    void flushNow() {
        commands.flushCommands();
    }

    /**
     * Runs a script by its SHA-1, sending its text only when Redis does not have it (at first, or after a
     * restart emptied its cache). The retry is made on Lettuce's thread, so it is flushed there.
     */
    <T> CompletionStage<T> run(Scripts.Script script, ScriptOutputType type, String[] keys, String... args) {
        RedisAsyncCommands<String, String> redis = commands.async();
        queued = true;
        return redis.<T>evalsha(script.sha(), type, keys, args).exceptionallyCompose(failure -> {
            if (!rootMessage(failure).startsWith("NOSCRIPT")) {
                return CompletableFuture.failedStage(failure);
            }
            CompletionStage<T> retry = redis.eval(script.text(), type, keys, args);
            commands.flushCommands();
            return retry;
        });
    }

    CompletionStage<Long> incrby(String key, long amount) {
        queued = true;
        return commands.async().incrby(key, amount);
    }

    /** A blocking read of the streams, on the reader's own connection. */
    @SafeVarargs
    final CompletionStage<List<StreamMessage<String, String>>> xread(XReadArgs args,
                                                                     XReadArgs.StreamOffset<String>... offsets) {
        return reader.async().xread(args, offsets);
    }

    <T> void onIoThread(CompletionStage<T> stage, BiConsumer<T, Throwable> handler) {
        onIoThread(stage, (Completion<T>) (result, failure, receivedNanos) -> handler.accept(result, failure));
    }

    /** Lettuce completes on its own thread: only the time is taken there, the rest runs on the I/O thread. */
    <T> void onIoThread(CompletionStage<T> stage, Completion<T> handler) {
        stage.whenComplete((result, failure) -> {
            long received = System.nanoTime();
            ioThread.execute(() -> handler.accept(result, failure, received));
        });
    }

    /**
     * Like {@link #onIoThread}, but only outcomes that {@code matters} (looked at on Lettuce's thread,
     * which sees nothing but the reply) reach the I/O thread: a successful send costs it nothing.
     */
    <T> void onIoThreadIf(CompletionStage<T> stage, BiPredicate<T, Throwable> matters, BiConsumer<T, Throwable> handler) {
        stage.whenComplete((result, failure) -> {
            if (matters.test(result, failure)) {
                ioThread.execute(() -> handler.accept(result, failure));
            }
        });
    }

    /** Waits for a reply on the caller's thread (starting and stopping only). */
    static <T> T await(CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(rootMessage(e), e);
        }
    }

    void close() {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Redis client shutdown: {0}", e.toString());
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage();
        return text == null || text.isBlank() ? root.getClass().getSimpleName() : text;
    }
}
