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
import java.io.IOException;
import punchline.protocol.Endpoint;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * This node's link to the cluster's Redis (Lettuce, asynchronous). It owns no server state: every
 * Redis reply is handed to the server's I/O thread through {@code ioThread} before anything looks at
 * it, and every method but {@link #open} and {@link #close} is called on that thread, so the link's own
 * fields need no locks either. It keeps the node's heartbeat, reads the presence stream and the node's
 * inbox in order, publishes presence changes, carries messages to other nodes, hands out blocks of the
 * cluster-wide key counter, and notices when Redis goes away and comes back.
 */
public final class ClusterLink {
    private static final System.Logger LOG = System.getLogger(ClusterLink.class.getName());
    /** Keys taken from the cluster's counter at a time; the next block is fetched when half is used. */
    static final long KEY_BLOCK = 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final int READ_BLOCK_MILLIS = 1_000;
    private static final int READ_COUNT = 1_000;
    /** Presence entries older than this are trimmed: a node further behind has lost Redis and resyncs. */
    private static final long STREAM_WINDOW_MILLIS = 120_000;

    /** What the link tells the lobby; always on the I/O thread. */
    public interface Listener {
        void onPresence(List<PresenceChange> changes);

        /** A message for one of this node's users; {@code receivedNanos} is when Redis delivered it. */
        void onMessage(NodeMessage message, long receivedNanos);

        /** The node {@code message} was for is gone; the message was not delivered. */
        void onUndeliverable(NodeMessage message);

        /** Redis is unreachable: until {@link #onSnapshot}, the node serves its own users alone. */
        void onRedisLost();

        /**
         * Redis answers again (or had lost this node's entries): re-publish this node's users now. The
         * snapshot follows a heartbeat later, once the other nodes have re-published theirs too (so
         * their users do not seem to leave and come back).
         */
        void onRedisBack();

        /** The cluster as it is after a return; the stream goes on from there. */
        void onSnapshot(Snapshot snapshot);
    }

    private enum State { UP, DOWN, SYNCING, CLOSED }

    private final ClusterOptions options;
    private final Executor ioThread;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, String> reader;
    private final String seed;
    private final String ttl;
    private final String longTtl;
    private Listener listener;
    private State state = State.UP;
    private Snapshot initialSnapshot;
    private String presenceCursor;
    private String inboxCursor = "0-0";
    private int readerGeneration;
    private long keyNext;
    private long keyEnd;
    private long spareStart = -1;
    private boolean fetchingKeys;
    /** Whether commands were queued since the last {@link #flush} (set on the I/O thread only). */
    private boolean queued;
    private long keyHighWater;
    private long nextBeatNanos;
    private boolean beatInFlight;
    private long redisRttNanos = -1;
    private long downSinceNanos;
    private int liveNodes = 1;
    private long usersReaped;
    private long badEntries;

    private ClusterLink(ClusterOptions options, Executor ioThread) {
        this.options = options;
        this.ioThread = ioThread;
        this.ttl = Long.toString(options.nodeTtl().toMillis());
        this.longTtl = Long.toString(Math.max(10_000, options.nodeTtl().toMillis() * 6));
        this.seed = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE);
        // Netty logs through JUL like the rest of the server (else it looks for SLF4J and warns).
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2) // its minimum
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(options.redis());
        uri.setTimeout(CONNECT_TIMEOUT);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        StatefulRedisConnection<String, String> first = null;
        try {
            first = client.connect(StringCodec.UTF8);
            this.commands = first;
            this.reader = client.connect(StringCodec.UTF8);
        } catch (RuntimeException e) {
            if (first != null) {
                first.close();
            }
            shutDownClient();
            throw e;
        }
    }

    /**
     * Connects (on the caller's thread, before the I/O thread runs), claims the node id, takes the
     * cluster's key seed, a first block of keys and a snapshot. Throws when Redis cannot be reached or
     * another live node has this id: a node that cannot join its cluster does not start.
     */
    public static ClusterLink open(ClusterOptions options, Executor ioThread) throws IOException {
        ClusterLink link;
        try {
            link = new ClusterLink(options, ioThread);
        } catch (RuntimeException e) {
            throw new IOException("cannot reach Redis at " + options.redis() + ": " + rootMessage(e), e);
        }
        try {
            link.init();
            return link;
        } catch (RuntimeException e) {
            link.shutDownClient();
            throw new IOException("cannot join the cluster at " + options.redis() + ": " + rootMessage(e), e);
        }
    }

    private void init() {
        String node = options.nodeId();
        List<Object> reply = await(run(Scripts.INIT, ScriptOutputType.MULTI, nodeKeys(node),
                node, seed, Long.toString(KEY_BLOCK), Long.toString(STREAM_WINDOW_MILLIS), longTtl));
        long end = Long.parseLong((String) reply.get(1));
        keyNext = end - KEY_BLOCK;
        keyEnd = end;
        keyHighWater = end;
        clusterSeed = Long.parseLong((String) reply.get(0));
        await(heartbeatCommand());
        initialSnapshot = parseSnapshot(await(snapshotCommand()));
        presenceCursor = initialSnapshot.cursor();
        nextBeatNanos = System.nanoTime() + options.heartbeatInterval().toNanos();
    }

    private long clusterSeed;

    /** The seed of the cluster's key permutation: every node turns counter values into the same keys. */
    public long seed() {
        return clusterSeed;
    }

    public Snapshot initialSnapshot() {
        return initialSnapshot;
    }

    /**
     * Starts reading the stream after the initial snapshot. From now on commands are queued and go out
     * together at {@link #flush} (the end of each I/O round): one write and one wake-up of Lettuce's
     * thread per round instead of one per command. I/O thread.
     */
    public void start(Listener listener) {
        this.listener = listener;
        commands.setAutoFlushCommands(false);
        read(++readerGeneration);
    }

    /** Sends the commands queued in this I/O round, if any (a flush wakes Lettuce's thread). I/O thread. */
    public void flush() {
        if (queued) {
            queued = false;
            commands.flushCommands();
        }
    }

    public String nodeId() {
        return options.nodeId();
    }

    /** Where clients reach this node's relay. */
    public Endpoint advertise() {
        return options.advertise();
    }

    public boolean isUp() {
        return state == State.UP;
    }

    /** The next index of the cluster's key counter for a new user, or -1 when none is at hand. */
    public long nextKeyIndex() {
        if (keyNext == keyEnd && spareStart >= 0) {
            keyNext = spareStart;
            keyEnd = spareStart + KEY_BLOCK;
            spareStart = -1;
        }
        if (keyEnd - keyNext < KEY_BLOCK / 2 && spareStart < 0 && !fetchingKeys && state == State.UP) {
            fetchingKeys = true;
            queued = true;
            onIoThread(commands.async().incrby(RedisKeys.KEY_COUNTER, KEY_BLOCK), (end, failure) -> {
                fetchingKeys = false;
                if (end != null) {
                    spareStart = end - KEY_BLOCK;
                    keyHighWater = Math.max(keyHighWater, end);
                }
            });
        }
        return keyNext < keyEnd ? keyNext++ : -1;
    }

    /**
     * Publishes a presence change; it reaches every node (this one included) through the stream. While
     * the node catches up after losing Redis, it may publish before {@link #isUp}.
     */
    public void publish(PresenceChange change) {
        String[] keys = {RedisKeys.PRESENCE, RedisKeys.users(options.nodeId())};
        CompletionStage<Object> sent = change.joined()
                ? run(Scripts.JOIN, ScriptOutputType.VALUE, keys, change.key(), change.room(),
                        change.name(), change.node(), Long.toString(STREAM_WINDOW_MILLIS), longTtl)
                : run(Scripts.LEAVE, ScriptOutputType.VALUE, keys, change.key(), change.node(),
                        Long.toString(STREAM_WINDOW_MILLIS));
        onIoThreadIf(sent, (id, failure) -> failure != null, (id, failure) -> lost(failure));
    }

    /** Puts {@code message} in {@code node}'s inbox; the listener hears if that node is gone. */
    public void send(String node, NodeMessage message) {
        List<String> args = new ArrayList<>();
        args.add(longTtl);
        for (Map.Entry<String, String> field : message.fields().entrySet()) {
            args.add(field.getKey());
            args.add(field.getValue());
        }
        onIoThreadIf(run(Scripts.SEND, ScriptOutputType.VALUE,
                new String[] {RedisKeys.alive(node), RedisKeys.inbox(node)}, args.toArray(new String[0])),
                (Object id, Throwable failure) -> failure != null || id == null,
                (Object id, Throwable failure) -> {
                    if (failure != null) {
                        lost(failure);
                    } else if (id == null && listener != null) {
                        listener.onUndeliverable(message);
                    }
                });
    }

    /** Heartbeats when one is due; the server's sweep calls this. I/O thread. */
    public void tick(long now) {
        if (state == State.CLOSED || beatInFlight || now - nextBeatNanos < 0) {
            return;
        }
        beatInFlight = true;
        nextBeatNanos = now + options.heartbeatInterval().toNanos();
        long sent = System.nanoTime();
        // A whole TTL: a reply later than that finds the node counted dead anyway; a shorter limit made a
        // node on a starved machine give up on a Redis that was only slow to be heard.
        CompletionStage<List<Object>> beat = heartbeatCommand().toCompletableFuture()
                .orTimeout(options.nodeTtl().toMillis(), TimeUnit.MILLISECONDS);
        onIoThread(beat, (reply, failure) -> {
            beatInFlight = false;
            if (failure != null) {
                lost(failure);
                return;
            }
            long rtt = System.nanoTime() - sent;
            redisRttNanos = redisRttNanos < 0 ? rtt : (redisRttNanos * 7 + rtt) / 8;
            beaten(reply);
        });
    }

    private void beaten(List<Object> reply) {
        boolean wasMissing = ((Long) reply.get(0)) == 1L;
        usersReaped += (Long) reply.get(2);
        liveNodes = ((Long) reply.get(3)).intValue();
        if (!Long.toString(clusterSeed).equals(reply.get(1))) {
            LOG.log(Level.ERROR, "the cluster's key seed changed under this node (Redis lost its data while "
                    + "every other node was gone too?): keys may repeat until this node restarts");
        }
        if (state == State.SYNCING) {
            snapshot();
        } else if (state == State.DOWN) {
            LOG.log(Level.WARNING, "Redis at {0} is back after {1} s: catching up", options.redis(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSinceNanos));
            syncing();
        } else if (state == State.UP && wasMissing) {
            LOG.log(Level.WARNING, "this node had been counted as dead (no heartbeat for {0} s): re-publishing "
                    + "its users", options.nodeTtl().toSeconds());
            syncing();
        }
    }

    private void syncing() {
        state = State.SYNCING;
        readerGeneration++; // a read still blocked in Redis is ignored when it returns
        listener.onRedisBack();
    }

    private void snapshot() {
        onIoThread(snapshotCommand(), (reply, failure) -> {
            if (failure != null) {
                lost(failure);
                return;
            }
            if (state != State.SYNCING) {
                return;
            }
            Snapshot snapshot = parseSnapshot(reply);
            state = State.UP;
            presenceCursor = snapshot.cursor();
            listener.onSnapshot(snapshot);
            read(++readerGeneration);
        });
    }

    private void lost(Throwable failure) {
        if (state == State.DOWN || state == State.CLOSED) {
            return;
        }
        state = State.DOWN;
        downSinceNanos = System.nanoTime();
        readerGeneration++;
        LOG.log(Level.WARNING, "Redis at {0} is unreachable ({1}): serving this node''s users on their own "
                + "until it is back", options.redis(), rootMessage(failure));
        if (listener != null) {
            listener.onRedisLost();
        }
    }

    private void read(int generation) {
        XReadArgs args = XReadArgs.Builder.block(READ_BLOCK_MILLIS).count(READ_COUNT);
        onIoThread(reader.async().xread(args, XReadArgs.StreamOffset.from(RedisKeys.PRESENCE, presenceCursor),
                XReadArgs.StreamOffset.from(RedisKeys.inbox(options.nodeId()), inboxCursor)),
                (messages, failure, receivedNanos) -> {
                    if (generation != readerGeneration || state != State.UP) {
                        return;
                    }
                    if (failure != null) {
                        lost(failure);
                        return;
                    }
                    deliver(messages, receivedNanos);
                    read(generation);
                });
    }

    private void deliver(List<StreamMessage<String, String>> messages, long receivedNanos) {
        List<PresenceChange> changes = new ArrayList<>();
        for (StreamMessage<String, String> message : messages) {
            boolean presence = RedisKeys.PRESENCE.equals(message.getStream());
            if (presence) {
                presenceCursor = message.getId();
            } else {
                inboxCursor = message.getId();
            }
            try {
                if (presence) {
                    changes.add(PresenceChange.parse(message.getBody()));
                } else {
                    listener.onMessage(NodeMessage.parse(message.getBody()), receivedNanos);
                }
            } catch (IllegalArgumentException e) {
                if (badEntries++ % 1000 == 0) {
                    LOG.log(Level.WARNING, "ignored a malformed entry in {0} ({1}; {2} so far)", message.getStream(),
                            e.getMessage(), badEntries);
                }
            }
        }
        if (!changes.isEmpty()) {
            listener.onPresence(changes);
        }
    }

    // ---- figures for operators ----

    /** The smoothed round trip to Redis (ms), or -1 before the first heartbeat came back. */
    public double redisRttMillis() {
        return redisRttNanos < 0 ? -1 : redisRttNanos / 1e6;
    }

    /** Half the time a message takes from this node through Redis to another (estimated: one round trip). */
    public long hopMillis() {
        return redisRttNanos < 0 ? 1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(redisRttNanos));
    }

    public int liveNodes() {
        return liveNodes;
    }

    public long usersReaped() {
        return usersReaped;
    }

    // ---- stopping ----

    /**
     * Takes this node out of the cluster (its users leave, in the stream) when Redis answers within two
     * seconds, and closes the client. Called once the I/O thread has stopped.
     */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean reachable = state != State.DOWN;
        state = State.CLOSED;
        if (reachable) {
            try {
                String node = options.nodeId();
                CompletionStage<Long> stopped = run(Scripts.STOP, ScriptOutputType.INTEGER, nodeKeys(node), node,
                        Long.toString(STREAM_WINDOW_MILLIS));
                commands.flushCommands();
                stopped.toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not take this node out of the cluster ({0}); its entries expire "
                        + "in {1} s", rootMessage(e), options.nodeTtl().toSeconds());
            }
        }
        shutDownClient();
    }

    private void shutDownClient() {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Redis client shutdown: {0}", e.toString());
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    // ---- commands ----

    private String[] nodeKeys(String node) {
        return new String[] {RedisKeys.alive(node), RedisKeys.NODES, RedisKeys.users(node), RedisKeys.inbox(node),
            RedisKeys.PRESENCE, RedisKeys.SEED, RedisKeys.KEY_COUNTER};
    }

    private CompletionStage<List<Object>> heartbeatCommand() {
        String node = options.nodeId();
        return run(Scripts.HEARTBEAT, ScriptOutputType.MULTI, nodeKeys(node), node,
                options.advertise().toString(), ttl, Long.toString(clusterSeed), Long.toString(keyHighWater),
                RedisKeys.PREFIX, Long.toString(STREAM_WINDOW_MILLIS), longTtl);
    }

    private CompletionStage<List<Object>> snapshotCommand() {
        return run(Scripts.SNAPSHOT, ScriptOutputType.MULTI,
                new String[] {RedisKeys.NODES, RedisKeys.PRESENCE}, RedisKeys.PREFIX);
    }

    private Snapshot parseSnapshot(List<Object> reply) {
        List<PresenceChange> members = new ArrayList<>((reply.size() - 1) / 3);
        for (int i = 1; i + 2 < reply.size(); i += 3) {
            String value = (String) reply.get(i + 2);
            int tab = value.indexOf('\t');
            try {
                members.add(PresenceChange.parse(Map.of("op", "join", "node", (String) reply.get(i),
                        "key", (String) reply.get(i + 1), "room", value.substring(0, Math.max(0, tab)),
                        "name", value.substring(tab + 1))));
            } catch (IllegalArgumentException e) {
                badEntries++;
            }
        }
        return new Snapshot((String) reply.get(0), members);
    }

    /**
     * Runs a script by its SHA-1, sending its text only when Redis does not have it (at first, or after a
     * restart emptied its cache). The retry is made on Lettuce's thread, so it is flushed there.
     */
    private <T> CompletionStage<T> run(Scripts.Script script, ScriptOutputType type, String[] keys, String... args) {
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

    // ---- threads ----

    private interface Completion<T> {
        void accept(T result, Throwable failure, long receivedNanos);
    }

    private <T> void onIoThread(CompletionStage<T> stage, BiConsumer<T, Throwable> handler) {
        onIoThread(stage, (Completion<T>) (result, failure, receivedNanos) -> handler.accept(result, failure));
    }

    /**
     * Like {@link #onIoThread}, but only outcomes that {@code matters} (looked at on Lettuce's thread,
     * which sees nothing but the reply) reach the I/O thread: a successful send costs it nothing.
     */
    private <T> void onIoThreadIf(CompletionStage<T> stage, java.util.function.BiPredicate<T, Throwable> matters,
                                  BiConsumer<T, Throwable> handler) {
        stage.whenComplete((result, failure) -> {
            if (matters.test(result, failure)) {
                ioThread.execute(() -> handler.accept(result, failure));
            }
        });
    }

    /** Lettuce completes on its own thread: only the time is taken there, the rest runs on the I/O thread. */
    private <T> void onIoThread(CompletionStage<T> stage, Completion<T> handler) {
        stage.whenComplete((result, failure) -> {
            long received = System.nanoTime();
            ioThread.execute(() -> handler.accept(result, failure, received));
        });
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(rootMessage(e), e);
        }
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
