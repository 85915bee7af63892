package punchline.client.ui.session;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import punchline.client.net.ClientCore;
import punchline.client.net.ClientEventListener;
import punchline.client.net.Contacts;
import punchline.client.store.HistoryCursor;
import punchline.client.store.HistoryPage;
import punchline.client.net.Identity;
import punchline.client.net.ServerAddress;
import punchline.client.ui.AppOptions;
import punchline.client.ui.UiThread;
import punchline.client.ui.settings.Settings;

/**
 * Owns the current network session and does all blocking work (file access, starting and stopping the
 * network) on one worker thread, in the order it was asked for. Events of the current session reach the
 * UI on the FX thread; those of a session being replaced are dropped. Restart is called on the FX
 * thread; shutdown and the peer commands from anywhere.
 */
public final class SessionRunner implements PeerCommands, ContactCommands {
    private static final System.Logger LOG = System.getLogger(SessionRunner.class.getName());

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "punchline-session");
        thread.setDaemon(true); // the final shutdown runs on a non-daemon thread of its own
        return thread;
    });
    private final AppOptions options;
    private final CompletableFuture<Void> shutDown = new CompletableFuture<>();
    // Worker-thread state: the identity, loaded once and kept for every session, and the embedded server,
    // kept across sessions that host on the same port (a new name needs a new core, not a new server).
    private Identity identity;
    private String identityProblem;
    private EmbeddedServer hosted;
    private int hostedPort;
    private volatile NetworkSession current;
    /** Counts starts and the shutdown: events of an older session than the latest are stale. */
    private final AtomicInteger generation = new AtomicInteger();

    public SessionRunner(AppOptions options) {
        this.options = options;
    }

    /** Runs blocking work on the worker thread, after whatever was asked before it. */
    public <T> CompletableFuture<T> background(Callable<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, worker);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("Punchline is closing"));
        }
    }

    /**
     * Replaces the current session by one for {@code settings}: a new client core (every chat of the old
     * one ends), and a new embedded server only when the hosting changed. Its events go to
     * {@code listener} on the FX thread until the next restart or shutdown. Fails with a {@link StartFailure}.
     */
    public CompletableFuture<SessionInfo> restart(Settings settings, ClientEventListener listener) {
        int mine = generation.incrementAndGet();
        ClientEventListener gate = event -> UiThread.run(() -> {
            if (generation.get() == mine) {
                listener.onEvent(event);
            }
        });
        return background(() -> {
            closeCurrent();
            current = NetworkSession.open(settings, options, identity(), identityProblem, hostFor(settings), gate);
            return current.info();
        });
    }

    /** The embedded server {@code settings} ask for: the running one if it fits, else a new one, or none. */
    private EmbeddedServer hostFor(Settings settings) throws StartFailure {
        if (hosted != null && !(settings.hostServer() && settings.hostPort() == hostedPort)) {
            hosted.stop();
            hosted = null;
        }
        if (settings.hostServer() && hosted == null) {
            hosted = EmbeddedServer.start(settings.hostPort(), options.configDir());
            hostedPort = settings.hostPort();
        }
        return hosted;
    }

    /** Whether {@code settings} need another embedded server than the one running (or none) now. */
    public static boolean hostingChanges(Settings from, Settings to) {
        return from.hostServer() != to.hostServer() || (to.hostServer() && from.hostPort() != to.hostPort());
    }

    /**
     * Our identity from the config folder, created there on first use. When it cannot be kept there,
     * a temporary one still lets the user chat (peers will see a new fingerprint next time), and the
     * session's info says why.
     */
    private Identity identity() {
        if (identity == null) {
            try {
                identity = Identity.loadOrCreate(options.configDir());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot keep the identity in {0}: {1}", options.configDir(), e.toString());
                identity = Identity.generate();
                identityProblem = "Your identity could not be kept in " + options.configDir() + " (" + e.getMessage()
                        + "), so this run uses a temporary one: friends will see a new fingerprint next time.";
            }
        }
        return identity;
    }

    /**
     * Closes the session (every chat, the server link, the embedded server) on a non-daemon thread, so
     * the window can vanish at once while the JVM still waits for the connections to close cleanly.
     */
    public synchronized CompletableFuture<Void> shutdown() {
        if (generation.getAndSet(Integer.MIN_VALUE) == Integer.MIN_VALUE) {
            return shutDown; // already under way
        }
        Thread thread = new Thread(() -> {
            worker.shutdown();
            try {
                if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "session worker still busy at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeCurrent();
            if (hosted != null) {
                hosted.stop();
                hosted = null;
            }
            shutDown.complete(null);
        }, "punchline-shutdown");
        thread.start();
        return shutDown;
    }

    private void closeCurrent() {
        NetworkSession session = current;
        current = null;
        if (session != null) {
            session.close();
        }
    }

    @Override
    public void connect(String key) {
        withCore(core -> core.connect(key));
    }

    @Override
    public void accept(String key) {
        withCore(core -> core.accept(key));
    }

    @Override
    public void reject(String key) {
        withCore(core -> core.reject(key));
    }

    @Override
    public void cancel(String key) {
        withCore(core -> core.cancel(key));
    }

    @Override
    public CompletableFuture<Long> send(String key, String text) {
        NetworkSession session = current;
        return session != null ? session.core().send(key, text)
                : CompletableFuture.failedFuture(new IllegalStateException("not connected to a server"));
    }

    @Override
    public void closeChat(String key) {
        withCore(core -> core.closeChat(key));
    }

    @Override
    public void trustCertificate(String key) {
        withCore(core -> core.trustCertificate(key));
    }

    /** The current session's server with its pinned fingerprint (memory only: any thread), or null. */
    public ServerAddress pinnedServer() {
        NetworkSession session = current;
        return session == null ? null : session.core().pinnedServer();
    }

    /** Our verified ID (the same at every start), or null between sessions. */
    public String ownId() {
        NetworkSession session = current;
        return session == null ? null : session.core().id();
    }

    @Override
    public void trustServer(String fingerprint) {
        withCore(core -> core.trustServer(fingerprint));
    }

    @Override
    public CompletableFuture<List<Contacts.Entry>> contactList() {
        return withContacts(Contacts::list);
    }

    @Override
    public CompletableFuture<HistoryPage> latest(String contactId, int count) {
        return withContacts(contacts -> contacts.latest(contactId, count));
    }

    @Override
    public CompletableFuture<HistoryPage> before(String contactId, HistoryCursor cursor, int count) {
        return withContacts(contacts -> contacts.before(contactId, cursor, count));
    }

    /** Adds the person with {@code id} as a contact (from their invite). */
    public CompletableFuture<Boolean> addContact(String id, String name) {
        return withContacts(contacts -> contacts.add(id, name));
    }

    @Override
    public CompletableFuture<Boolean> forget(String contactId) {
        return withContacts(contacts -> contacts.forget(contactId));
    }

    private <T> CompletableFuture<T> withContacts(Function<Contacts, CompletableFuture<T>> call) {
        NetworkSession session = current;
        return session != null ? call.apply(session.core().contacts())
                : CompletableFuture.failedFuture(new IllegalStateException("Punchline is not running a session"));
    }

    /** Between sessions there is no core; the views disable their actions then, so this is only logged. */
    private void withCore(Consumer<ClientCore> command) {
        NetworkSession session = current;
        if (session == null) {
            LOG.log(Level.WARNING, "command while no session runs");
        } else {
            command.accept(session.core());
        }
    }
}
