package punchline.server.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import punchline.protocol.Endpoint;

/**
 * This node's link to the cluster's Redis (Lettuce, asynchronous). It owns no server state: every
 * Redis reply is handed to the server's I/O thread through {@code ioThread} before anything looks at
 * it, and every method but {@link #open} and {@link #close} is called on that thread, so the link's own
 * fields need no locks either. It keeps the node's heartbeat, reads the presence stream and the node's
 * inbox in order, publishes presence changes, carries messages to other nodes, hands out blocks of the
 * cluster-wide key counter, and notices when Redis goes away and comes back. (A little over 400
 * lines: the states, the heartbeat and the reader change together; Lettuce itself is in
 * {@link RedisConnection}.)
 */
public final class ClusterLink {
    private static final System.Logger LOG = System.getLogger(ClusterLink.class.getName());
    /** Keys taken from the cluster's counter at a time; the next block is fetched when half is used. */
    static final long KEY_BLOCK = 1024;
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
    private final RedisConnection redis;
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
        this.redis = new RedisConnection(options.redis(), ioThread);
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
            link.redis.close();
            throw new IOException("cannot join the cluster at " + options.redis() + ": " + rootMessage(e), e);
        }
    }

    private void init() {
        String node = options.nodeId();
        List<Object> reply = RedisConnection.await(redis.run(Scripts.INIT, ScriptOutputType.MULTI, nodeKeys(node),
                node, seed, Long.toString(KEY_BLOCK), Long.toString(STREAM_WINDOW_MILLIS), longTtl),
                RedisConnection.CONNECT_TIMEOUT);
        long end = Long.parseLong((String) reply.get(1));
        keyNext = end - KEY_BLOCK;
        keyEnd = end;
        keyHighWater = end;
        clusterSeed = Long.parseLong((String) reply.get(0));
        RedisConnection.await(heartbeatCommand(), RedisConnection.CONNECT_TIMEOUT);
        initialSnapshot = parseSnapshot(RedisConnection.await(snapshotCommand(), RedisConnection.CONNECT_TIMEOUT));
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
        redis.flushPerRound();
        read(++readerGeneration);
    }

    /** Sends the commands queued in this I/O round, if any (a flush wakes Lettuce's thread). I/O thread. */
    public void flush() {
        redis.flush();
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
            redis.onIoThread(redis.incrby(RedisKeys.KEY_COUNTER, KEY_BLOCK), (Long end, Throwable failure) -> {
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
                ? redis.run(Scripts.JOIN, ScriptOutputType.VALUE, keys, change.key(), change.room(),
                        change.label(), change.node(), Long.toString(STREAM_WINDOW_MILLIS), longTtl)
                : redis.run(Scripts.LEAVE, ScriptOutputType.VALUE, keys, change.key(), change.node(),
                        Long.toString(STREAM_WINDOW_MILLIS));
        redis.onIoThreadIf(sent, (id, failure) -> failure != null, (id, failure) -> lost(failure));
    }

    /** Puts {@code message} in {@code node}'s inbox; the listener hears if that node is gone. */
    public void send(String node, NodeMessage message) {
        List<String> args = new ArrayList<>();
        args.add(longTtl);
        for (Map.Entry<String, String> field : message.fields().entrySet()) {
            args.add(field.getKey());
            args.add(field.getValue());
        }
        redis.onIoThreadIf(redis.run(Scripts.SEND, ScriptOutputType.VALUE,
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
        redis.onIoThread(beat, (reply, failure) -> {
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
        redis.onIoThread(snapshotCommand(), (reply, failure) -> {
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
        redis.onIoThread(redis.xread(args, XReadArgs.StreamOffset.from(RedisKeys.PRESENCE, presenceCursor),
                XReadArgs.StreamOffset.from(RedisKeys.inbox(options.nodeId()), inboxCursor)),
                (RedisConnection.Completion<List<StreamMessage<String, String>>>) (messages, failure, receivedNanos) -> {
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
                CompletionStage<Long> stopped = redis.run(Scripts.STOP, ScriptOutputType.INTEGER, nodeKeys(node), node,
                        Long.toString(STREAM_WINDOW_MILLIS));
                redis.flushNow();
                RedisConnection.await(stopped, Duration.ofSeconds(2));
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not take this node out of the cluster ({0}); its entries expire "
                        + "in {1} s", rootMessage(e), options.nodeTtl().toSeconds());
            }
        }
        redis.close();
    }

    // ---- commands ----

    private String[] nodeKeys(String node) {
        return new String[] {RedisKeys.alive(node), RedisKeys.NODES, RedisKeys.users(node), RedisKeys.inbox(node),
            RedisKeys.PRESENCE, RedisKeys.SEED, RedisKeys.KEY_COUNTER};
    }

    private CompletionStage<List<Object>> heartbeatCommand() {
        String node = options.nodeId();
        return redis.run(Scripts.HEARTBEAT, ScriptOutputType.MULTI, nodeKeys(node), node,
                options.advertise().toString(), ttl, Long.toString(clusterSeed), Long.toString(keyHighWater),
                RedisKeys.PREFIX, Long.toString(STREAM_WINDOW_MILLIS), longTtl);
    }

    private CompletionStage<List<Object>> snapshotCommand() {
        return redis.run(Scripts.SNAPSHOT, ScriptOutputType.MULTI,
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

    static String rootMessage(Throwable failure) {
        return RedisConnection.rootMessage(failure);
    }
}
