package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import punchline.client.store.LocalStore;
import punchline.client.store.StoreException;
import punchline.protocol.ClientMessage;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.Endpoint;
import punchline.protocol.Limits;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage.Chat;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
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
    /** Every read and write of the contacts and history, in order, off the core thread. */
    private final ExecutorService storeThread = Threads.single("punchline-store");
    private final KnownServers knownServers;
    private final ServerTrust serverTrust;
    private final Contacts contacts;
    private LocalStore store;
    /** Our TLS for every peer link: its context is built once, by the warm-up or the first punch. */
    private final PeerTls peerTls;
    private final HandshakeWarmUp warmUp;
    // Core-thread state:
    private final ServerEvents server;
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
        this.peerTls = new PeerTls(config.identity());
        this.warmUp = new HandshakeWarmUp(peerTls, config, punchWorkers, timer);
        this.knownServers = new KnownServers(config.configDir());
        this.serverTrust = new ServerTrust(config.servers().name(), knownServers, config.identity());
        ServerEvents[] news = new ServerEvents[1];
        this.contacts = new Contacts(storeThread, core, events, id -> news[0].keyOfId(id));
        this.server = new ServerEvents(new ServerNews(), events, contacts);
        news[0] = server;
        this.sessions = new PeerSessions(config, events, punchWorkers, timer, this::onCore, server::nameOf, contacts);
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

    /**
     * Opens the contacts and history (in the config folder, else in memory), the punch port (listening on it
     * for good), and starts registering with the server from it. Blocking: never on the FX thread.
     * Listeners added before hear what the stored files need to tell the user.
     */
    public synchronized void start() throws IOException {
        if (punchListener != null) {
            throw new IllegalStateException("already started");
        }
        try {
            store = config.configDir() == null ? LocalStore.inMemory() : LocalStore.open(config.configDir());
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        contacts.load(store);
        if (knownServers.notice() != null) {
            contacts.tell(knownServers.notice());
        }
        if (config.serverFingerprint() != null && serverTrust.pin(config.serverFingerprint())) {
            events.emit(new ClientEvent.ServerPinned(serverTrust.server(), config.serverFingerprint(),
                    ClientEvent.PinSource.GIVEN));
        }
        ServerSocket socket = Sockets.listener(config.localPort());
        punchListener = new PunchListener(socket, punchWorkers, sessions::attemptFor, sessions::isPeerAddress);
        punchListener.start();
        serverLink = new ServerLink(config, socket.getLocalPort(), server, serverTrust);
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
        warmUp.stop();
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
        Threads.shutDown(core);
        Threads.shutDown(timer);
        punchWorkers.shutdownNow();
        Threads.awaitOrInterrupt(punchWorkers);
        Threads.shutDown(storeThread); // what was asked to be saved is saved first
        if (store != null) {
            store.close();
        }
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

    /** Our ID: the hash of our public key (see {@link punchline.protocol.UserId}); the same at every start. */
    public String id() {
        return config.identity().id();
    }

    /**
     * The contacts and their history, for the UI: the people list (online ones matched by ID), a chat's
     * latest page and the pages before, rename, verify and forget. Every call returns a future at once.
     */
    public Contacts contacts() {
        return contacts;
    }

    /**
     * The server as pins are kept ({@code host:port}) and its pinned certificate's fingerprint, or null
     * before the first join of a server never seen: what the app shows and puts into an invite. Null when
     * the server is a list of several (a cluster's nodes). Reads memory only: any thread.
     */
    public ServerAddress pinnedServer() {
        String name = serverTrust.server();
        String pinned = knownServers.pinned(name);
        try {
            return ServerAddress.parse(pinned == null ? name : name + "#" + pinned);
        } catch (IllegalArgumentException severalNodes) {
            return null;
        }
    }

    /**
     * Trusts the certificate with {@code fingerprint} (null: the one last refused) for our server from now on,
     * saved, and reconnects at once: after a {@link ClientEvent.ServerCertificateChanged} the user checked.
     */
    public void trustServer(String fingerprint) {
        String given = fingerprint == null ? null : punchline.common.CertifiedKey.parseFingerprint(fingerprint);
        onCore(() -> {
            String chosen = given != null ? given : serverLink == null ? null : serverLink.lastRefused();
            if (chosen == null) {
                reject(null, "the server's certificate has not changed: nothing to trust");
                return;
            }
            serverTrust.pin(chosen);
            events.emit(new ClientEvent.ServerPinned(serverTrust.server(), chosen, ClientEvent.PinSource.TRUSTED));
            serverLink.retryNow();
        });
    }

    // ---- commands: validated here, carried out on the core thread ----

    public void connect(String peer) {
        String target = normalized(peer);
        onCore(() -> {
            if (sessions.isChatting(target)) {
                reject(target, "you are already chatting with " + nameOf(target));
            } else if (sendToServer(new Connect(target))) {
                server.requestSent(target);
                events.emit(new ClientEvent.RequestSent(target));
            }
        });
    }

    public void accept(String peer) {
        String from = normalized(peer);
        onCore(() -> {
            if (sendToServer(new Accept(from))) {
                server.acceptedFrom(from);
            }
        });
    }

    public void reject(String peer) {
        String from = normalized(peer);
        onCore(() -> {
            if (sendToServer(new Reject(from)) && server.answered(from)) {
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
            if (sendToServer(new Cancel(to)) && server.withdrawn(to)) {
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
        try {
            Chat.checkText(text);
        } catch (IllegalArgumentException e) {
            // Pasted terminal output carries escape sequences; the peer would refuse the message.
            result.completeExceptionally(new IllegalArgumentException(
                    "messages cannot contain control characters (an escape sequence, for example)"));
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

    /**
     * How much the core keeps of what the server said, by kind, read on the core thread (tests: memory
     * stays bounded whatever a server sends).
     */
    CompletableFuture<Map<String, Integer>> retained() {
        CompletableFuture<Map<String, Integer>> counts = new CompletableFuture<>();
        onCore(() -> {
            Map<String, Integer> all = new HashMap<>(server.retained());
            all.put("introductions", sessions.introductionCount());
            counts.complete(all);
        });
        return counts;
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
                activity = sessions.activeCount() + server.pendingRequests();
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
        return server.nameOf(peerKey);
    }

    /** {@code relayAt}: the node that relays this introduction, when not ours (a cluster's); null: ours. */
    private PunchAttempt.Local local(Endpoint relayAt) {
        Set<Endpoint> own = new HashSet<>(serverLink.registeredEndpoints());
        if (publicEndpoint != null) {
            own.add(publicEndpoint);
        }
        RelayServer relay = !relayAvailable ? null // both resolved: no DNS here
                : relayAt != null ? serverLink.relay(relayAt.toSocketAddress()) : serverLink.relay();
        return new PunchAttempt.Local(key, config.localAddress(), punchListener.port(), own, publicEndpoint,
                peerTls, nat, relay, serverLink.rtt());
    }

    /** What the server's news changes here (core thread). */
    private final class ServerNews implements ServerEvents.Core {
        @Override
        public boolean onCore(Runnable task) {
            return ClientCore.this.onCore(task);
        }

        @Override
        public void registered(Welcome welcome) {
            key = welcome.key();
            publicEndpoint = welcome.publicEndpoint();
            relayAvailable = welcome.relay();
            warmUp.start(); // the user now looks at the list: get the first handshake ready meanwhile
        }

        @Override
        public void natMeasured(NatType type) {
            nat = type;
        }

        @Override
        public void serverLost() {
            key = null;
        }

        @Override
        public void introduced(Introduce introduce) {
            if (!stopping) {
                warmUp.yieldTo(); // a real punch: the warm-up takes no more CPU from it
                sessions.introduced(introduce, local(introduce.relay()));
            }
        }

        @Override
        public String ownId() {
            return config.identity().id();
        }
    }
}
