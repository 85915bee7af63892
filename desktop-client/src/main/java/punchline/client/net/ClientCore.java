package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import punchline.protocol.ClientMessage;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.Endpoint;
import punchline.protocol.Limits;
import punchline.protocol.NatType;
import punchline.protocol.Message.Bye;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Notice;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;
import punchline.protocol.UserKey;

/**
 * The client core, free of any UI: registers with the rendezvous server, turns an accepted request
 * into a punched, authenticated link and carries chats over it. All state lives on one thread
 * ("punchline-core"); sockets block on their own named threads and report back to it; events leave,
 * in order, through the {@link EventDispatcher}. Commands may be called from any thread and never block.
 */
public final class ClientCore {
    private static final System.Logger LOG = System.getLogger(ClientCore.class.getName());
    private static final int MAX_PUNCH_THREADS = 64;

    private final ClientConfig config;
    private final EventDispatcher events = new EventDispatcher();
    private final ExecutorService core = Threads.single("punchline-core");
    private final ScheduledExecutorService timer = Threads.scheduler("punchline-timer");
    private final ThreadPoolExecutor punchWorkers = punchWorkers();
    // Core-thread state:
    private final Map<String, UserInfo> users = new LinkedHashMap<>();
    private final List<UserInfo> userListChunks = new ArrayList<>();
    private final Set<String> outgoing = new LinkedHashSet<>();
    private final Map<String, String> incoming = new LinkedHashMap<>();
    private final Map<String, String> peerNames = new ConcurrentHashMap<>();
    private final PeerSessions sessions;
    private volatile String key;
    private volatile Endpoint publicEndpoint;
    private volatile NatType nat = NatType.UNKNOWN;
    private volatile boolean relayAvailable;
    private volatile boolean stopping;
    private volatile int activity;
    private PunchListener punchListener;
    private ServerLink serverLink;

    /** Up to 64 threads for dials and handshakes; more work waits in line rather than being dropped. */
    private static ThreadPoolExecutor punchWorkers() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_PUNCH_THREADS, MAX_PUNCH_THREADS, 10, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), Threads.named("punchline-punch-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public ClientCore(ClientConfig config) {
        this.config = config;
        this.sessions = new PeerSessions(config, events, punchWorkers, timer, this::onCore, this::nameOf);
    }

    public ClientConfig config() {
        return config;
    }

    public void addListener(ClientEventListener listener) {
        events.add(listener);
    }

    public void removeListener(ClientEventListener listener) {
        events.remove(listener);
    }

    /** Opens the punch port (listening on it for good) and starts registering with the server from it. */
    public synchronized void start() throws IOException {
        if (punchListener != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket socket = Sockets.listener(config.localPort());
        punchListener = new PunchListener(socket, punchWorkers, sessions::attemptFor);
        punchListener.start();
        serverLink = new ServerLink(config, socket.getLocalPort(), new ServerEvents());
        serverLink.start();
    }

    /** Closes every chat (peers are told), the server link and the port; waits for every thread. */
    public void stop() {
        synchronized (this) {
            if (stopping || punchListener == null) {
                stopping = true;
                return;
            }
            stopping = true;
        }
        serverLink.stop();
        punchListener.stop();
        List<PeerLink> open = new ArrayList<>();
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> open.addAll(sessions.stop()), core);
        try {
            drained.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "core did not drain in time: {0}", e.toString());
        }
        for (PeerLink link : open) {
            link.close("closed Punchline");
            link.join();
        }
        shutDown(core);
        shutDown(timer);
        punchWorkers.shutdownNow();
        await(punchWorkers);
        events.stop();
    }

    /** The punch port: registered with the server, listened on, dialled from. */
    public int localPort() {
        return punchListener.port();
    }

    /** Our key, or null before the first welcome. */
    public String key() {
        return key;
    }

    public Endpoint publicEndpoint() {
        return publicEndpoint;
    }

    /** Our NAT as last measured (UNKNOWN until the server's probe answered). */
    public NatType nat() {
        return nat;
    }

    /** Our certificate's fingerprint, which peers pin. */
    public String fingerprint() {
        return config.identity().fingerprint();
    }

    // ---- commands: validated here, carried out on the core thread ----

    public void connect(String peer) {
        String target = normalized(peer);
        onCore(() -> {
            if (sessions.isChatting(target)) {
                reject(target, "you are already chatting with " + nameOf(target));
            } else if (sendToServer(new Connect(target))) {
                outgoing.add(target);
                events.emit(new ClientEvent.RequestSent(target));
            }
        });
    }

    public void accept(String peer) {
        String from = normalized(peer);
        onCore(() -> {
            if (sendToServer(new Accept(from))) {
                incoming.remove(from);
            }
        });
    }

    public void reject(String peer) {
        String from = normalized(peer);
        onCore(() -> {
            if (sendToServer(new Reject(from)) && incoming.remove(from) != null) {
                events.emit(new ClientEvent.RequestCancelled(from, EndReason.REJECTED));
            }
        });
    }

    public void cancel(String peer) {
        String to = normalized(peer);
        onCore(() -> {
            if (sessions.cancel(to)) {
                return;
            }
            if (sendToServer(new Cancel(to)) && outgoing.remove(to)) {
                events.emit(new ClientEvent.RequestEnded(to, EndReason.CANCELLED));
            }
        });
    }

    /** Sends a chat message; completes with its id (see MessageSent / MessageDelivered events). */
    public CompletableFuture<Long> send(String peer, String text) {
        String to = normalized(peer);
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (text.codePointCount(0, text.length()) > Limits.MAX_CHAT_CHARS) {
            result.completeExceptionally(new IllegalArgumentException(
                    "messages are limited to " + Limits.MAX_CHAT_CHARS + " characters"));
            return result;
        }
        onCore(() -> {
            Long id = sessions.send(to, text);
            if (id == null) {
                result.completeExceptionally(new IllegalStateException("no open chat with " + nameOf(to)));
            } else {
                result.complete(id);
            }
        });
        return result;
    }

    /**
     * Trusts the certificate {@code peer} now uses (after a {@link ClientEvent.FingerprintChanged}, once
     * the user has compared fingerprints with them): it replaces the one remembered for their name.
     */
    public void trustCertificate(String peer) {
        String key = normalized(peer);
        onCore(() -> {
            if (!sessions.trust(key)) {
                reject(key, "no certificate from " + nameOf(key) + " to trust: connect first");
            }
        });
    }

    /** Ends the chat with {@code peer}; the peer is told. */
    public void closeChat(String peer) {
        String key = normalized(peer);
        onCore(() -> {
            if (!sessions.close(key)) {
                reject(key, "no open chat with " + nameOf(key));
            }
        });
    }

    // ---- internals ----

    private static String normalized(String peer) {
        if (peer == null || !UserKey.isValid(peer.strip())) {
            throw new IllegalArgumentException("'" + peer + "' is not a user key (six letters or digits)");
        }
        return UserKey.normalize(peer.strip());
    }

    /**
     * Whether anything is under way: an open chat, a punch, or a request we sent. The console uses it
     * to stay alive after its input ends.
     */
    public boolean isBusy() {
        return activity > 0;
    }

    /** Runs {@code task} on the core thread; false when the core is stopping and will not run it. */
    private boolean onCore(Runnable task) {
        if (stopping) {
            return false;
        }
        try {
            core.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "client core task failed", e);
                }
                activity = sessions.activeCount() + outgoing.size();
            });
            return true;
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "command after stop ignored");
            return false;
        }
    }

    private boolean sendToServer(ClientMessage message) {
        if (key == null || !serverLink.send(message)) {
            events.emit(new ClientEvent.CommandRejected(null, "not connected to the server right now"));
            return false;
        }
        return true;
    }

    private void reject(String ref, String message) {
        events.emit(new ClientEvent.CommandRejected(ref, message));
    }

    private String nameOf(String peerKey) {
        UserInfo user = users.get(peerKey);
        return user != null ? user.name() : peerNames.getOrDefault(peerKey, peerKey);
    }

    private PunchAttempt.Local local() {
        Set<Endpoint> own = new HashSet<>(serverLink.registeredEndpoints());
        if (publicEndpoint != null) {
            own.add(publicEndpoint);
        }
        InetSocketAddress relay = relayAvailable ? serverLink.connectedServer() : null; // resolved: no DNS here
        return new PunchAttempt.Local(key, config.localAddress(), punchListener.port(), own, config.identity(), nat,
                relay);
    }

    private static void shutDown(ExecutorService executor) {
        executor.shutdown();
        await(executor);
    }

    private static void await(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Server link callbacks (link thread) moved onto the core thread. */
    private final class ServerEvents implements ServerLink.Listener, ServerMessage.Handler {
        @Override
        public void onRegistered(Welcome welcome, boolean rejoined) {
            onCore(() -> {
                key = welcome.key();
                publicEndpoint = welcome.publicEndpoint();
                relayAvailable = welcome.relay();
                users.clear();
                userListChunks.clear();
                events.emit(new ClientEvent.Registered(welcome.key(), welcome.publicEndpoint(), welcome.room(),
                        rejoined));
            });
        }

        @Override
        public void onUnreachable(String reason, long retryInMillis) {
            events.emit(new ClientEvent.ServerUnreachable(reason, Duration.ofMillis(retryInMillis)));
        }

        @Override
        public void onNatDetected(NatType type) {
            onCore(() -> {
                nat = type;
                events.emit(new ClientEvent.NatDetected(type));
            });
        }

        @Override
        public void onMessage(ServerMessage message) {
            onCore(() -> message.dispatchTo(this));
        }

        @Override
        public void onLost(String reason) {
            onCore(() -> {
                key = null;
                events.emit(new ClientEvent.ServerLost(reason));
                // The server forgot them with us: say so, or views would wait for answers that never come.
                outgoing.forEach(to -> events.emit(new ClientEvent.RequestEnded(to, EndReason.SERVER_LOST)));
                incoming.keySet().forEach(from ->
                        events.emit(new ClientEvent.RequestCancelled(from, EndReason.SERVER_LOST)));
                outgoing.clear();
                incoming.clear();
                users.clear();
            });
        }

        @Override
        public void onWelcome(Welcome welcome) {
            // handled by the link, reported through onRegistered
        }

        @Override
        public void onUserList(UserList list) {
            userListChunks.addAll(list.users());
            if (list.complete()) {
                users.clear();
                userListChunks.forEach(user -> users.put(user.key(), user));
                events.emit(new ClientEvent.Users(userListChunks));
                userListChunks.clear();
            }
        }

        @Override
        public void onUserJoined(UserJoined joined) {
            users.put(joined.user().key(), joined.user());
            events.emit(new ClientEvent.UserJoined(joined.user()));
        }

        @Override
        public void onUserLeft(UserLeft left) {
            users.remove(left.key());
            events.emit(new ClientEvent.UserLeft(left.key()));
        }

        @Override
        public void onRequest(Request request) {
            incoming.put(request.from(), request.name());
            peerNames.put(request.from(), request.name());
            events.emit(new ClientEvent.RequestReceived(request.from(), request.name()));
        }

        @Override
        public void onCancelled(Cancelled cancelled) {
            incoming.remove(cancelled.from());
            events.emit(new ClientEvent.RequestCancelled(cancelled.from(), cancelled.reason()));
        }

        @Override
        public void onRejected(Rejected rejected) {
            outgoing.remove(rejected.by());
            events.emit(new ClientEvent.RequestEnded(rejected.by(), rejected.reason()));
        }

        @Override
        public void onIntroduce(Introduce introduce) {
            if (!stopping) {
                outgoing.remove(introduce.peer());
                incoming.remove(introduce.peer());
                peerNames.put(introduce.peer(), introduce.peerName());
                sessions.introduced(introduce, local());
            }
        }

        @Override
        public void onNotice(Notice notice) {
            events.emit(new ClientEvent.Notice(notice.text(), notice.broadcast()));
        }

        @Override
        public void onError(ErrorMessage error) {
            if (error.ref() != null) {
                outgoing.remove(error.ref()); // a refused connect is not pending
            }
            events.emit(new ClientEvent.ServerError(error.code(), error.message(), error.ref()));
        }

        @Override
        public void onProbeResult(ServerMessage.ProbeResult result) {
            // only on the probe port
        }

        @Override
        public void onRelayReady(ServerMessage.RelayReady ready) {
            // only on a relay connection
        }

        @Override
        public void onPing(Ping ping) {
            // answered by the link
        }

        @Override
        public void onPong(Pong pong) {
            // answered by the link
        }

        @Override
        public void onBye(Bye bye) {
            // ends the link, reported through onLost
        }
    }
}
