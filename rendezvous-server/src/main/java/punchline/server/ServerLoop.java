package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import punchline.server.metrics.ServerStats;
import punchline.protocol.Codec;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ProtocolException;

/**
 * The I/O thread: one selector for the listening ports and every connection, the tasks other threads
 * hand in ({@link #execute}), a sweep for timeouts and heartbeats, and the graceful shutdown. It is the
 * {@link SessionContext} of every session. Only {@link #open}, {@link #execute}, {@link #requestStop}
 * and the bound ports may be used from other threads.
 */
final class ServerLoop implements SessionContext {
    private static final System.Logger LOG = System.getLogger(ServerLoop.class.getName());
    private static final long SHUTDOWN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long THROTTLE_TICK_MILLIS = 20;
    /**
     * The sweep sends every heartbeat ping that came due since the previous sweep, in one go, and the
     * pongs come back together: sweeping often keeps that batch, and the stall it causes for everyone
     * else (a fresh join, a connect), small. At 15,000 clients an idle sweep costs well under 1 ms.
     */
    private static final long MAX_SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServerOptions options;
    private Lobby lobby;
    private java.util.function.Supplier<ServerStats> statsSource = () -> ServerStats.NONE;
    private volatile ServerStats stats = ServerStats.NONE;
    private final RelayBook relays;
    private final Admission admission;
    private final ConnectionIo io;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long sweepIntervalNanos;
    private Selector selector;
    private ServerSocketChannel listener;
    private ProbeResponder probes;
    private volatile InetSocketAddress boundAddress;
    private volatile Integer boundProbePort;
    private volatile boolean stopRequested;
    private boolean shuttingDown;
    private long now = System.nanoTime();
    private long nonce;

    ServerLoop(ServerOptions options, Lobby lobby, RelayBook relays, ServerTls tls) {
        this.options = options;
        this.lobby = lobby;
        this.relays = relays;
        this.admission = new Admission(options, this, tls);
        this.io = new ConnectionIo(tls, relays, options.relay(), admission, this::now);
        // The sweep sends the heartbeat pings too: it must run well within one heartbeat interval.
        long quarter = Math.min(options.helloTimeout().toNanos(), options.heartbeatInterval().toNanos()) / 4;
        this.sweepIntervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(50),
                Math.min(MAX_SWEEP_INTERVAL_NANOS, quarter));
    }

    /** Binds the server's port (and the NAT probe port) before the I/O thread runs. */
    void open() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address(options.port()), 4096);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            if (options.probeEnabled()) {
                probes = ProbeResponder.open(address(options.probePort()), selector);
                boundProbePort = probes.port();
            }
        } catch (IOException e) {
            if (probes != null) {
                probes.close();
            }
            Closeables.closeQuietly(listener);
            Closeables.closeQuietly(selector);
            throw e;
        }
        boundAddress = (InetSocketAddress) listener.getLocalAddress();
    }

    private InetSocketAddress address(int port) {
        return options.bindAddress() == null ? new InetSocketAddress(port)
                : new InetSocketAddress(options.bindAddress(), port);
    }

    InetSocketAddress localAddress() {
        return boundAddress;
    }

    /** Puts a lobby in place of the one given at construction (a cluster's, once joined); before {@link #run}. */
    void useLobby(Lobby value) {
        lobby = value;
    }

    /** What makes the figures published after each sweep (on the I/O thread); before {@link #run}. */
    void statsFrom(java.util.function.Supplier<ServerStats> source) {
        statsSource = source;
    }

    /** The figures as of the latest sweep; any thread. */
    ServerStats stats() {
        return stats;
    }

    /** Closes what {@link #open} opened, when the server cannot start after all. */
    void abandon() {
        closeEverything();
    }

    /** Runs {@code task} on the I/O thread soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Asks the I/O thread to tell every client and stop; {@link #awaitStopped} waits for it. */
    void requestStop() {
        stopRequested = true;
        selector.wakeup();
    }

    /** Whether the loop has been asked to stop, or has stopped: it takes no more tasks. */
    boolean isStopping() {
        return stopRequested || stopped.getCount() == 0;
    }

    boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Open connections, registered or not. I/O thread only. */
    int connectionCount() {
        return admission.count();
    }

    /** Addresses whose budgets are remembered. I/O thread only. */
    int addressBudgetCount() {
        return admission.budgetCount();
    }

    /** See {@link RendezvousServer#observeRelayedBytes}. */
    void observeRelayedBytes(Consumer<byte[]> tap) {
        io.forwarder().observe(tap);
    }

    // ---- the loop ----

    void run() {
        long nextSweep = System.nanoTime() + sweepIntervalNanos;
        try {
            while (!stopRequested) {
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime()));
                if (io.forwarder().hasThrottled()) {
                    waitMillis = Math.min(waitMillis, THROTTLE_TICK_MILLIS);
                }
                selector.select(this::handleKey, waitMillis);
                now = System.nanoTime();
                io.forwarder().resumeThrottled(now);
                runTasks();
                if (now - nextSweep >= 0) {
                    sweep();
                    nextSweep = now + sweepIntervalNanos;
                }
                lobby.endOfRound();
            }
            shutDownGracefully();
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(Level.ERROR, "rendezvous server I/O loop failed", e);
        } finally {
            closeEverything();
            stopped.countDown();
        }
    }

    private void handleKey(SelectionKey key) {
        now = System.nanoTime();
        if (!key.isValid()) {
            return;
        }
        if (!key.isAcceptable()) {
            io.serve(key);
        } else if (key.attachment() instanceof ProbeResponder responder) {
            responder.answer();
        } else {
            admission.acceptFrom(listener, selector, now);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        io.processCloses();
    }

    /** Timeouts: hello, idle and close deadlines, heartbeats, request expiry and the relays' own. */
    private void sweep() {
        long helloTimeout = options.helloTimeout().toNanos();
        for (Connection connection : admission.connections()) {
            switch (connection.state()) {
                case OPEN -> {
                    if (now - connection.openedAtNanos() > helloTimeout) {
                        io.fail(connection, new ErrorMessage(ErrorCode.HELLO_TIMEOUT, "no hello received in time",
                                null));
                    }
                }
                case REGISTERED -> {
                    if (!connection.session().heartbeat(now)) {
                        io.fail(connection, new ErrorMessage(ErrorCode.IDLE_TIMEOUT, "no heartbeat received in time",
                                null));
                    } else {
                        connection.decoder().trim();
                    }
                }
                case RELAY_WAITING, RELAYED -> {
                    // relays have their own timeouts, below
                }
                case FLUSHING, INPUT_ENDED, HALF_CLOSED, CLOSED -> {
                    if (now - connection.closeDeadlineNanos() >= 0) {
                        io.closeNow(connection);
                    }
                }
            }
        }
        lobby.expire(now);
        for (Connection lonely : relays.expire(now)) {
            io.fail(lonely, new ErrorMessage(ErrorCode.RELAY_TIMEOUT, "the other side never came to the relay", null));
        }
        io.forwarder().closeIdle(now);
        io.processCloses();
        admission.sweep(now);
        io.flushLogs(now);
        stats = statsSource.get();
    }

    /**
     * Tells every client and lets the usual graceful close run (flush, half-close, drain) until all
     * are closed or the grace period ends. Relayed streams are the peers' TLS: nothing is injected.
     */
    private void shutDownGracefully() throws IOException {
        listener.close();
        if (probes != null) {
            probes.close();
        }
        shuttingDown = true;
        int told = admission.count();
        byte[] bye = Codec.encode(new Bye("server shutting down"));
        for (Connection connection : new ArrayList<>(admission.connections())) {
            if (connection.relay() == null) {
                connection.send(bye);
            }
            io.closeGracefully(connection);
        }
        io.processCloses();
        long deadline = System.nanoTime() + SHUTDOWN_GRACE_NANOS;
        while (admission.count() > 0 && System.nanoTime() - deadline < 0) {
            selector.select(this::handleKey, 50);
            now = System.nanoTime();
            io.processCloses();
        }
        LOG.log(Level.INFO, "Punchline rendezvous server stopped; {0} clients told", told);
    }

    private void closeEverything() {
        admission.closeAll();
        Closeables.closeQuietly(listener);
        if (probes != null) {
            probes.close();
        }
        Closeables.closeQuietly(selector);
    }

    // ---- what sessions may use (SessionContext) ----

    @Override
    public long now() {
        return now;
    }

    @Override
    public long nextPingNonce() {
        return ++nonce;
    }

    @Override
    public ServerOptions options() {
        return options;
    }

    @Override
    public Lobby lobby() {
        return lobby;
    }

    @Override
    public Integer probePort() {
        return boundProbePort;
    }

    @Override
    public boolean relayEnabled() {
        return relays.enabled();
    }

    @Override
    public void joinRelay(Connection connection, RelayJoin join) {
        try {
            Relay relay = relays.join(connection, join.token(), join.key(), now);
            if (relay != null) {
                io.forwarder().start(relay);
            }
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.RELAY_FULL) {
                // The side already waiting would otherwise wait for a partner who has just been sent away.
                Connection waiting = relays.abandon(join.token());
                if (waiting != null) {
                    io.fail(waiting, e.toErrorMessage());
                }
            }
            io.fail(connection, e.toErrorMessage());
        }
    }

    @Override
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    @Override
    public void fail(Connection connection, ErrorMessage error) {
        io.fail(connection, error);
    }

    @Override
    public void closeGracefully(Connection connection) {
        io.closeGracefully(connection);
    }

    @Override
    public void dropSlowConsumer(Connection connection) {
        io.dropSlowConsumer(connection);
    }
}
