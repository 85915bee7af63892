package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage.Chat;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * The warm path (issue 10): the first chat after launch must be as fast as the tenth. A fresh JVM's
 * first chat runs its code for the first time: class loading, the TLS context, the curve code and the
 * handshake running interpreted, and the punch and the link around them. So while the user is still
 * looking at the user list this opens a few real chats between two ends of our own on loopback, with our
 * own identity: each end has its own punch port, {@link Punches} launches the punch both ways, and a
 * {@link PeerLink} carries a message and its ack before both close. It is the code a first chat runs,
 * not a copy of it (the handshake alone left the first chat three times slower than the next ones).
 * It also loads the look-alike name check a request runs first. Nothing leaves this machine, and no
 * event reaches the user. {@link #stop} cuts it short and waits for it.
 */
final class HandshakeWarmUp {
    private static final System.Logger LOG = System.getLogger(HandshakeWarmUp.class.getName());
    static final int ROUNDS = 10;
    /** Keys of the two ends (well-formed: the introduction checks them). */
    static final String OURS = "000000";
    static final String THEIRS = "000001";
    /** One round on loopback takes milliseconds; this bounds a machine that is very busy. */
    private static final Duration ROUND_DEADLINE = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final PeerTls tls;
    private final ClientConfig config;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private volatile boolean stopped;
    /** The ends of the round under way (stop closes them), else null. */
    private volatile List<End> ends;
    private Thread thread;
    private int rounds;
    private long firstNanos;
    private long lastNanos;

    /** {@code workers} and {@code timer}: the ones real punches and links use, so they are warm too. */
    HandshakeWarmUp(PeerTls tls, ClientConfig config, ExecutorService workers, ScheduledExecutorService timer) {
        this.tls = tls;
        this.config = config;
        this.workers = workers;
        this.timer = timer;
    }

    synchronized void start() {
        if (thread == null && !stopped) {
            thread = Threads.start("punchline-warmup", this::run);
            thread.setPriority(Thread.MIN_PRIORITY);
        }
    }

    /** No further rounds (a real punch needs the CPU); returns at once. */
    void yieldTo() {
        stopped = true;
    }

    void stop() {
        stopped = true;
        List<End> open = ends;
        if (open != null) {
            open.forEach(End::abort);
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        Threads.join(running);
    }

    /** Rounds completed: a chat opened both ways, a message delivered (tests). */
    synchronized int rounds() {
        return rounds;
    }

    private void run() {
        // Each end's punch calls come in on this thread, as a client's come in on its core thread.
        ExecutorService core = Threads.single("punchline-warmup-core");
        try {
            tls.prepare();
            // A request or introduction checks the name against the contacts' (Contacts.recognize): the
            // first check loads ICU's confusables data, tens of milliseconds a user would wait.
            Lookalikes.skeleton("warm-up");
            for (int round = 0; round < ROUNDS && !stopped; round++) {
                long started = System.nanoTime();
                if (!round(core)) {
                    break;
                }
                long took = System.nanoTime() - started;
                synchronized (this) {
                    rounds++;
                    firstNanos = rounds == 1 ? took : firstNanos;
                    lastNanos = took;
                }
            }
            LOG.log(Level.DEBUG, "first chat warmed up: {0} ms the first time, {1} ms the last",
                    TimeUnit.NANOSECONDS.toMillis(firstNanos), TimeUnit.NANOSECONDS.toMillis(lastNanos));
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.DEBUG, "warm-up stopped: {0}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Threads.shutDown(core);
        }
    }

    /**
     * One chat between our two ends: punched both ways, a message and its ack, then closed. False when
     * stopped before it began.
     */
    private boolean round(ExecutorService core) throws IOException, InterruptedException, ExecutionException,
            TimeoutException {
        String token = freshToken();
        long deadline = System.nanoTime() + ROUND_DEADLINE.toNanos();
        try (End ours = new End(OURS, core); End theirs = new End(THEIRS, core)) {
            ends = List.of(ours, theirs);
            if (stopped) {
                return false; // stop() may have looked before the ends were there
            }
            ours.punch(theirs, Role.INITIATOR, token);
            theirs.punch(ours, Role.RESPONDER, token);
            PeerLink sender = await(ours.link, deadline);
            await(theirs.link, deadline);
            sender.send("warming up");
            await(theirs.received, deadline);
            await(ours.delivered, deadline);
            return true;
        } finally {
            ends = null;
        }
    }

    private static <T> T await(CompletableFuture<T> future, long deadlineNanos) throws InterruptedException,
            ExecutionException, TimeoutException {
        return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static String freshToken() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** One end of a warm-up chat: a punch port on loopback, its punches, and the link they open. */
    private final class End implements AutoCloseable {
        final String key;
        final ExecutorService core;
        final PunchListener listener;
        final Punches punches;
        final CompletableFuture<PeerLink> link = new CompletableFuture<>();
        final CompletableFuture<Chat> received = new CompletableFuture<>();
        final CompletableFuture<Long> delivered = new CompletableFuture<>();

        End(String key, ExecutorService core) throws IOException {
            this.key = key;
            this.core = core;
            this.punches = new Punches(ROUND_DEADLINE, workers, timer, this::onCore);
            this.listener = new PunchListener(Sockets.listener(LOOPBACK, 0), workers, punches::attemptFor,
                    punches::dialsAddress);
            listener.start();
        }

        Endpoint endpoint() {
            return Endpoint.of(LOOPBACK, listener.port());
        }

        /** Punches to {@code other} as a client does once introduced (on the core thread, as there). */
        void punch(End other, Role role, String token) {
            Introduce intro = new Introduce(other.key, "warm-up", other.endpoint(), List.of(), token, role, 0, true,
                    tls.identity().fingerprint(), NatType.EASY);
            PunchAttempt.Local local = new PunchAttempt.Local(key, LOOPBACK, listener.port(), Set.of(endpoint()),
                    endpoint(), tls, NatType.EASY, null, null);
            onCore(() -> punches.launch(Punches.Purpose.CHAT, local, intro, new PunchAttempt.Listener() {
                @Override
                public void onAttempt(Endpoint endpoint) {
                }

                @Override
                public void onRelaying(String why) {
                }

                @Override
                public void onConnected(PeerChannel channel, Duration elapsed, boolean relayBeatPunch) {
                    PeerLink opened = new PeerLink(other.key, channel, config, new LinkEnd(), timer);
                    opened.start();
                    if (!link.complete(opened)) {
                        opened.close("the warm-up was stopped"); // aborted meanwhile
                        opened.join();
                    }
                }

                @Override
                public void onFailed(FailureKind kind, String reason, int attempts) {
                    link.completeExceptionally(new IOException("the warm-up punch failed: " + reason));
                }
            }));
        }

        private boolean onCore(Runnable task) {
            try {
                core.execute(task);
                return true;
            } catch (RejectedExecutionException e) {
                return false;
            }
        }

        /** From another thread: ends whatever waits. */
        void abort() {
            link.completeExceptionally(new IOException("the warm-up was stopped"));
            listener.stop();
        }

        /** On the warm-up's thread, while the core still runs: Punches is changed on the core thread only. */
        @Override
        public void close() {
            CompletableFuture.runAsync(punches::stop, core).join();
            listener.stop();
            link.completeExceptionally(new IOException("the warm-up is over"));
            PeerLink open = link.isCompletedExceptionally() ? null : link.join();
            if (open != null) {
                open.close("the warm-up is over");
                open.join();
            }
        }

        /** What our end of the link hears. */
        private final class LinkEnd implements PeerLink.Listener {
            @Override
            public void onMessage(Chat chat) {
                received.complete(chat);
            }

            @Override
            public void onDelivered(long id) {
                delivered.complete(id);
            }

            @Override
            public void onUpgradeProposed(long startInMillis) {
            }

            @Override
            public void onSwitched(PeerChannel channel) {
            }

            @Override
            public void onClosed(String reason, List<Long> undelivered) {
            }
        }
    }
}
