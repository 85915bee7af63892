package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import punchline.common.CertifiedKey;
import punchline.server.metrics.ServerStats;
import punchline.protocol.Codec;
import punchline.protocol.ServerMessage.Notice;
import punchline.server.cluster.ClusterOptions;
import punchline.server.metrics.MetricsEndpoint;

/**
 * The rendezvous server as the rest of the world uses it: start and stop it, and the operator's calls
 * (users, say, tell, counts) made by the console, the desktop app's embedded server and tests. The work
 * happens on one non-blocking I/O thread ({@link ServerLoop}) that owns every socket and all protocol
 * state, so idle clients cost a few hundred bytes each and no locks are needed. Other threads reach that
 * state only through {@link #call}, which runs a task on the I/O thread.
 */
public final class RendezvousServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RendezvousServer.class.getName());
    /** The loop's own shutdown takes at most two seconds; three more for a thread stuck on a slow machine. */
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final long CALL_TIMEOUT_SECONDS = 10;

    private final ServerOptions options;
    private final Directory directory = new Directory(new KeyAllocator());
    private final RelayBook relays;
    private final Matchmaker matchmaker;
    private final ServerLoop loop;
    private final ServerTls tls = new ServerTls();
    private volatile Thread ioThread;
    /** This node's lobby when the server is a node of a cluster; null when standalone. */
    private ClusterLobby cluster;
    private MetricsEndpoint metrics;

    public RendezvousServer(ServerOptions options) {
        this.options = options;
        this.relays = new RelayBook(options.relay());
        this.matchmaker = new Matchmaker(directory, options, relays);
        this.loop = new ServerLoop(options, new LocalLobby(directory, matchmaker, options), relays, tls);
        loop.statsFrom(this::measure);
    }

    /**
     * Loads the server's identity (creating it on the first start; see {@link ServerOptions#identityFile()}),
     * binds the port and starts the I/O thread. An identity file that cannot be read stops the start with
     * an IOException that says why: a new identity would make every client refuse this server.
     */
    public synchronized void start() throws IOException {
        if (ioThread != null) {
            throw new IllegalStateException("already started");
        }
        if (tls.identity() == null) {
            tls.useIdentity(ServerIdentity.loadOrCreate(options.identityFile()));
        }
        loop.open();
        try {
            if (options.cluster() != null) {
                joinCluster();
            }
            if (options.metrics() != null) {
                metrics = MetricsEndpoint.start(options.metrics(), loop::stats);
            }
        } catch (IOException | RuntimeException e) {
            closeExtras();
            loop.abandon();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        ioThread = new Thread(loop::run, "punchline-server-io");
        ioThread.start();
        LOG.log(Level.INFO, "Punchline rendezvous server listening on {0}{1}{2}", loop.localAddress(),
                loop.probePort() == null ? "" : ", NAT probe on port " + loop.probePort(),
                options.relay().enabled() ? ", relay on" : ", relay off");
    }

    /** Only here is anything of the cluster (and so of the Redis client) loaded. */
    private void joinCluster() throws IOException {
        ClusterOptions node = options.cluster().resolve(options.bindAddress(), loop.localAddress().getPort());
        cluster = ClusterLobby.join(directory, matchmaker, relays, options, node, loop::execute);
        loop.useLobby(cluster);
        cluster.start();
    }

    /** The figures published after each sweep; I/O thread. */
    private ServerStats measure() {
        ClusterLobby node = cluster;
        if (node == null) {
            return new ServerStats(directory.size(), directory.roomCount(), loop.connectionCount(),
                    matchmaker.introductions(), relays.activeCount(), false, false, -1, -1, 1, 0, 0);
        }
        return new ServerStats(directory.size(), directory.roomCount(), loop.connectionCount(),
                matchmaker.introductions(), relays.activeCount(), true, node.link().isUp(),
                node.link().redisRttMillis(), node.presenceLagMillis(), node.link().liveNodes(), node.remoteUsers(),
                node.appliedWithoutRedis());
    }

    /** The server's counts as of its latest sweep (at most about 100 ms old). */
    public ServerStats stats() {
        return loop.stats();
    }

    /** The port of the metrics endpoint, or -1 when it is off. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    private void closeExtras() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Tells every client the server is going away, closes everything and waits for the I/O thread. */
    public void stop() {
        Thread thread;
        synchronized (this) {
            thread = ioThread;
        }
        if (thread == null) {
            return;
        }
        loop.requestStop();
        try {
            if (!loop.awaitStopped(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "I/O thread did not stop in time");
            }
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeExtras(); // after the I/O thread: the cluster's state was its own
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return loop.awaitStopped(timeout, unit);
    }

    public InetSocketAddress localAddress() {
        return loop.localAddress();
    }

    public int port() {
        return loop.localAddress().getPort();
    }

    public ServerOptions options() {
        return options;
    }

    /** The NAT diagnosis port as bound, or null when diagnosis is off. */
    public Integer probePort() {
        return loop.probePort();
    }

    /**
     * The SHA-256 fingerprint of the certificate this server presents (64 hex digits), which clients pin
     * (`--server HOST:PORT#FINGERPRINT`). Known once started.
     */
    public String fingerprint() {
        CertifiedKey identity = tls.identity();
        if (identity == null) {
            throw new IllegalStateException("server is not started");
        }
        return identity.fingerprint();
    }

    // ---- the operator's calls, each a task on the I/O thread ----

    /** Registered users, in the order they joined. */
    public List<UserSummary> users() {
        return call(() -> {
            List<UserSummary> list = new ArrayList<>(directory.size());
            for (User user : directory.users()) {
                list.add(new UserSummary(user.key, user.name, user.room.name, user.publicEndpoint,
                        user.joinedAtMillis));
            }
            list.sort(Comparator.comparingLong(UserSummary::joinedAtMillis));
            return list;
        });
    }

    /** Broadcasts a notice to every registered user; returns how many were sent. */
    public int say(String text) {
        return call(() -> {
            byte[] frame = Codec.encode(new Notice(text, true));
            for (User user : directory.users()) {
                user.connection.session().send(frame);
            }
            return directory.size();
        });
    }

    /** Sends a notice to one user; returns false when no user has that key. */
    public boolean tell(String key, String text) {
        return call(() -> {
            User user = directory.user(key);
            if (user == null) {
                return false;
            }
            user.send(new Notice(text, false));
            return true;
        });
    }

    /** Open connections, registered or not. */
    public int connectionCount() {
        return call(loop::connectionCount);
    }

    public long introductionCount() {
        return call(matchmaker::introductions);
    }

    /** Relays carrying chats right now. */
    public int relayCount() {
        return call(relays::activeCount);
    }

    /**
     * Sees every chunk a relay forwards, on the I/O thread (diagnostics, and tests that check the relay
     * only ever carries ciphertext). The consumer must be quick and must not keep the array.
     */
    public void observeRelayedBytes(Consumer<byte[]> tap) {
        loop.observeRelayedBytes(tap);
    }

    /** Addresses whose budgets the server remembers (tests: memory stays bounded). I/O thread only. */
    int addressBudgetCount() {
        return loop.addressBudgetCount();
    }

    /** The relay's book, for tests that wait on it through {@link #call}. */
    RelayBook relays() {
        return relays;
    }

    /** Runs {@code task} on the I/O thread and returns its result. */
    <T> T call(Supplier<T> task) {
        Thread thread = ioThread;
        if (Thread.currentThread() == thread) {
            return task.get();
        }
        if (thread == null) {
            throw new IllegalStateException("server is not started");
        }
        if (loop.isStopping()) {
            throw new IllegalStateException("server is stopped");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("server did not answer in time", e);
        }
    }

    @Override
    public String toString() {
        InetSocketAddress bound = loop.localAddress();
        return "RendezvousServer" + (bound == null ? "" : bound.toString());
    }
}
