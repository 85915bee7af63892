package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage.Notice;

/**
 * The rendezvous server: one non-blocking I/O thread owns every socket and all protocol state, so idle
 * clients cost a few hundred bytes each and no locks are needed. Other threads (console, tests, the
 * desktop app) reach it through {@link #call}, which runs a task on the I/O thread.
 */
public final class RendezvousServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RendezvousServer.class.getName());
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int READS_PER_ROUND = 4;
    private static final int ACCEPTS_PER_ROUND = 512;
    private static final long FLUSH_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long SHUTDOWN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * The sweep sends every heartbeat ping that came due since the previous sweep, in one go, and the
     * pongs come back together: sweeping often keeps that batch, and the stall it causes for everyone
     * else (a fresh join, a connect), small. At 15,000 clients an idle sweep costs well under 1 ms.
     */
    private static final long MAX_SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServerOptions options;
    private static final long THROTTLE_TICK_MILLIS = 20;

    private final Directory directory = new Directory(new KeyAllocator());
    private final RelayBook relays;
    private final Matchmaker matchmaker;
    private final RelayForwarder forwarder;
    private final Set<Connection> connections = new HashSet<>();
    private final Map<InetAddress, Integer> connectionsPerAddress = new HashMap<>();
    private final Set<Connection> toClose = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long sweepIntervalNanos;
    private Selector selector;
    private ServerSocketChannel listener;
    private ProbeResponder probes;
    private volatile Integer boundProbePort;
    private Thread ioThread;
    private volatile boolean stopRequested;
    private boolean shuttingDown;
    private volatile InetSocketAddress boundAddress;
    private long now = System.nanoTime();
    private long nonce;

    public RendezvousServer(ServerOptions options) {
        this.options = options;
        this.relays = new RelayBook(options.relay());
        this.matchmaker = new Matchmaker(directory, options, relays);
        this.forwarder = new RelayForwarder(relays, options.relay(), readBuffer, this::closeGracefully);
        // The sweep sends the heartbeat pings too: it must run well within one heartbeat interval.
        long quarter = Math.min(options.helloTimeout().toNanos(), options.heartbeatInterval().toNanos()) / 4;
        this.sweepIntervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(50),
                Math.min(MAX_SWEEP_INTERVAL_NANOS, quarter));
    }

    /** Binds the port and starts the I/O thread. */
    public synchronized void start() throws IOException {
        if (ioThread != null) {
            throw new IllegalStateException("already started");
        }
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            InetSocketAddress bind = options.bindAddress() == null
                    ? new InetSocketAddress(options.port()) : new InetSocketAddress(options.bindAddress(), options.port());
            listener.bind(bind, 4096);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            if (options.probeEnabled()) {
                probes = ProbeResponder.open(options.bindAddress() == null ? new InetSocketAddress(options.probePort())
                        : new InetSocketAddress(options.bindAddress(), options.probePort()), selector);
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
        ioThread = new Thread(this::runLoop, "punchline-server-io");
        ioThread.start();
        LOG.log(Level.INFO, "Punchline rendezvous server listening on {0}{1}{2}", boundAddress,
                boundProbePort == null ? "" : ", NAT probe on port " + boundProbePort,
                options.relay().enabled() ? ", relay on" : ", relay off");
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
        stopRequested = true;
        selector.wakeup();
        try {
            if (!stopped.await(SHUTDOWN_GRACE_NANOS + TimeUnit.SECONDS.toNanos(3), TimeUnit.NANOSECONDS)) {
                LOG.log(Level.WARNING, "I/O thread did not stop in time");
            }
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    public int port() {
        return boundAddress.getPort();
    }

    public ServerOptions options() {
        return options;
    }

    /** The NAT diagnosis port as bound, or null when diagnosis is off. */
    public Integer probePort() {
        return boundProbePort;
    }

    /** Relays carrying chats right now. */
    public int relayCount() {
        return call(relays::activeCount);
    }

    /**
     * Sees every chunk a relay forwards, on the I/O thread (diagnostics, and tests that check the relay
     * only ever carries ciphertext). The consumer must be quick and must not keep the array.
     */
    public void observeRelayedBytes(java.util.function.Consumer<byte[]> tap) {
        forwarder.observe(tap);
    }

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

    /** Open connections, registered or not. */
    public int connectionCount() {
        return call(connections::size);
    }

    public long introductionCount() {
        return call(matchmaker::introductions);
    }

    /** Broadcasts a notice to every registered user; returns how many were sent. */
    public int say(String text) {
        return call(() -> {
            byte[] frame = Codec.encode(new Notice(text, true));
            int sent = 0;
            for (User user : directory.users()) {
                user.connection.session().send(frame);
                sent++;
            }
            processCloses();
            return sent;
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
            processCloses();
            return true;
        });
    }

    /** Runs {@code task} on the I/O thread and returns its result. */
    <T> T call(Supplier<T> task) {
        if (Thread.currentThread() == ioThread) {
            return task.get();
        }
        if (ioThread == null) {
            throw new IllegalStateException("server is not started");
        }
        if (stopRequested || stopped.getCount() == 0) {
            throw new IllegalStateException("server is stopped");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("server did not answer in time", e);
        }
    }

    // ---- for ClientSession and Matchmaker (I/O thread) ----

    long now() {
        return now;
    }

    long nextNonce() {
        return ++nonce;
    }

    Directory directory() {
        return directory;
    }

    Matchmaker matchmaker() {
        return matchmaker;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    RelayBook relays() {
        return relays;
    }

    /** Both sides are here: tell them, and from now on forward their bytes. */
    void startRelay(Relay relay) {
        forwarder.start(relay);
    }

    /** Sends the error and closes the connection once it is written (or after a grace period). */
    void fail(Connection connection, ErrorMessage error) {
        if (connection.isClosing()) {
            return;
        }
        LOG.log(Level.DEBUG, "closing {0}: {1} {2}", connection.session(), error.code(), error.message());
        connection.send(error);
        closeGracefully(connection);
    }

    /**
     * Unregisters now, then closes in steps so the client really reads our last words: flush what is
     * queued, half-close, and discard input until the client closes or the grace period ends (closing
     * a socket with unread input would send a reset that can destroy the error in flight).
     */
    void closeGracefully(Connection connection) {
        connection.session().leave();
        connection.closeAfterFlush(now + FLUSH_GRACE_NANOS);
        write(connection);
    }

    /** A client that does not read what we send is dropped rather than buffered without bound. */
    void dropSlowConsumer(Connection connection) {
        if (toClose.add(connection) && !connection.isClosing()) { // once, though every later send fails too
            LOG.log(Level.INFO, "dropping {0}: it does not read its messages", connection.session());
        }
    }

    // ---- the I/O loop ----

    private void runLoop() {
        long nextSweep = System.nanoTime() + sweepIntervalNanos;
        try {
            while (!stopRequested) {
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime()));
                if (forwarder.hasThrottled()) {
                    waitMillis = Math.min(waitMillis, THROTTLE_TICK_MILLIS);
                }
                selector.select(this::handleKey, waitMillis);
                now = System.nanoTime();
                forwarder.resumeThrottled(now);
                runTasks();
                if (now - nextSweep >= 0) {
                    sweep();
                    nextSweep = now + sweepIntervalNanos;
                }
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
        if (key.isAcceptable()) {
            if (key.attachment() instanceof ProbeResponder responder) {
                responder.answer();
            } else {
                acceptConnections();
            }
            return;
        }
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                read(connection);
            }
            if (key.isValid() && key.isWritable()) {
                write(connection);
            }
        } catch (RuntimeException e) {
            // A bug triggered by one client must not take the others down.
            LOG.log(Level.ERROR, "internal error serving " + connection.session(), e);
            fail(connection, new ErrorMessage(ErrorCode.INTERNAL, "internal server error", null));
        }
        processCloses();
    }

    private void acceptConnections() {
        for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed: {0}", e.getMessage()); // e.g. out of file descriptors
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                register(channel);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not take a connection: {0}", e.toString());
                Closeables.closeQuietly(channel);
            }
        }
    }

    private void register(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Endpoint remote = Endpoint.of((InetSocketAddress) channel.getRemoteAddress());
        if (connections.size() >= options.maxClients()) {
            channel.write(ByteBuffer.wrap(Codec.encode(new ErrorMessage(ErrorCode.SERVER_FULL,
                    "the server is full; try again later", null))));
            Closeables.closeQuietly(channel);
            LOG.log(Level.WARNING, "refused {0}: server full ({1} connections)", remote, connections.size());
            return;
        }
        InetAddress address = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        int fromAddress = connectionsPerAddress.getOrDefault(address, 0);
        if (options.maxPerAddress() > 0 && fromAddress >= options.maxPerAddress()) {
            channel.write(ByteBuffer.wrap(Codec.encode(new ErrorMessage(ErrorCode.TOO_MANY_CONNECTIONS,
                    "too many connections from your address", null))));
            Closeables.closeQuietly(channel);
            LOG.log(Level.INFO, "refused {0}: {1} connections from that address already", remote, fromAddress);
            return;
        }
        connectionsPerAddress.put(address, fromAddress + 1);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        Connection connection = new Connection(channel, key, remote, now, options.maxQueuedBytes());
        connection.attach(new ClientSession(this, connection, now));
        key.attach(connection);
        connections.add(connection);
    }

    private void read(Connection connection) {
        if (connection.isClosing()) {
            discardInput(connection);
            return;
        }
        if (connection.state() == ConnectionState.RELAYED) {
            forwarder.read(connection, now);
            return;
        }
        // Once spliced, the next bytes are the peers' and are read by the forwarder, never as frames.
        for (int i = 0; i < READS_PER_ROUND && !connection.isClosing()
                && connection.state() != ConnectionState.RELAYED; i++) {
            readBuffer.clear();
            int count;
            try {
                count = connection.channel().read(readBuffer);
            } catch (IOException e) {
                toClose.add(connection);
                return;
            }
            if (count < 0) {
                toClose.add(connection);
                return;
            }
            if (count == 0) {
                return;
            }
            readBuffer.flip();
            connection.markReceived(now);
            try {
                if (connection.state() == ConnectionState.RELAY_WAITING) {
                    throw RelayForwarder.notReady();
                }
                if (connection.state() == ConnectionState.OPEN && !feedOpeningFrames(connection)) {
                    return;
                }
                connection.decoder().feed(readBuffer, connection.session()::onFrame);
            } catch (ProtocolException e) {
                fail(connection, e.toErrorMessage());
                if (connection.relay() != null) {
                    forwarder.close(connection.relay(), connection + " sent bytes before relay-ready");
                }
                return;
            }
        }
    }

    /**
     * Before hello a connection may instead ask for a relay, after which its bytes are no longer frames:
     * so feed the decoder one frame at a time until the connection has said which it is. Returns whether
     * the rest of the buffer is to be decoded as frames. Bytes that follow a relay frame were sent before
     * relay-ready (they cannot be frames, nor be forwarded): a protocol error, whatever they are.
     */
    private boolean feedOpeningFrames(Connection connection) throws ProtocolException {
        while (readBuffer.hasRemaining() && connection.state() == ConnectionState.OPEN) {
            int limit = readBuffer.limit();
            for (int i = readBuffer.position(); i < limit; i++) {
                if (readBuffer.get(i) == '\n') {
                    readBuffer.limit(i + 1);
                    break;
                }
            }
            connection.decoder().feed(readBuffer, connection.session()::onFrame);
            readBuffer.limit(limit);
            if (connection.isClosing()) {
                return false;
            }
            if (connection.state().isRelay()) {
                if (readBuffer.hasRemaining()) {
                    throw RelayForwarder.notReady();
                }
                return false;
            }
        }
        return true;
    }

    private void discardInput(Connection connection) {
        for (int i = 0; i < READS_PER_ROUND; i++) {
            readBuffer.clear();
            try {
                int count = connection.channel().read(readBuffer);
                if (count < 0) {
                    if (connection.queuedBytes() > 0) {
                        // Only half-closed, perhaps (a relay peer): it may still read; write() closes when done.
                        connection.endInput();
                        return;
                    }
                    toClose.add(connection);
                    return;
                }
                if (count == 0) {
                    return;
                }
            } catch (IOException e) {
                toClose.add(connection);
                return;
            }
        }
    }

    private void write(Connection connection) {
        int queuedBefore = connection.queuedBytes();
        try {
            if (connection.flush() && connection.outputDrained()) {
                toClose.add(connection);
            }
        } catch (IOException e) {
            toClose.add(connection);
            return;
        }
        forwarder.wrote(connection, queuedBefore, now);
    }

    private void processCloses() {
        while (!toClose.isEmpty()) {
            Connection connection = toClose.iterator().next();
            toClose.remove(connection);
            connection.session().leave(); // may queue more closes (slow consumers among those told)
            if (connection.relay() != null) {
                forwarder.close(connection.relay(), connection + " went away");
            }
            connection.closeNow();
            if (connections.remove(connection)) {
                connectionsPerAddress.computeIfPresent(connection.remote().address(),
                        (address, count) -> count > 1 ? count - 1 : null);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        processCloses();
    }

    /** Timeouts: hello, idle and flush deadlines, heartbeats and request expiry. */
    private void sweep() {
        long helloTimeout = options.helloTimeout().toNanos();
        for (Connection connection : connections) {
            switch (connection.state()) {
                case OPEN -> {
                    if (now - connection.openedAtNanos() > helloTimeout) {
                        fail(connection, new ErrorMessage(ErrorCode.HELLO_TIMEOUT, "no hello received in time", null));
                    }
                }
                case REGISTERED -> {
                    if (!connection.session().heartbeat(now)) {
                        fail(connection, new ErrorMessage(ErrorCode.IDLE_TIMEOUT, "no heartbeat received in time",
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
                        toClose.add(connection);
                    }
                }
            }
        }
        matchmaker.expire(directory.users(), now);
        for (Connection lonely : relays.expire(now)) {
            fail(lonely, new ErrorMessage(ErrorCode.RELAY_TIMEOUT, "the other side never came to the relay", null));
        }
        forwarder.closeIdle(now);
        processCloses();
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
        int told = connections.size();
        byte[] bye = Codec.encode(new Bye("server shutting down"));
        for (Connection connection : new ArrayList<>(connections)) {
            if (connection.relay() == null) {
                connection.send(bye);
            }
            closeGracefully(connection);
        }
        processCloses();
        long deadline = System.nanoTime() + SHUTDOWN_GRACE_NANOS;
        while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
            selector.select(this::handleKey, 50);
            now = System.nanoTime();
            processCloses();
        }
        LOG.log(Level.INFO, "Punchline rendezvous server stopped; {0} clients told", told);
    }

    private void closeEverything() {
        for (Connection connection : connections) {
            connection.closeNow();
        }
        connections.clear();
        Closeables.closeQuietly(listener);
        if (probes != null) {
            probes.close();
        }
        Closeables.closeQuietly(selector);
    }

    @Override
    public String toString() {
        return "RendezvousServer" + (boundAddress == null ? "" : boundAddress.toString());
    }
}
