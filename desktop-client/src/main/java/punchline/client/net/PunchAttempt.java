package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.client.net.ClientEvent.Route;
import punchline.client.net.PunchOutcomes.Outcome;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.Chosen;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.RelayReady;
import punchline.protocol.ServerMessage.Role;

/**
 * One connection attempt to a peer (Ford, Srisuresh, Kegel 2005, §4.2), as a state machine:
 * <pre>
 * SCHEDULED ─(start delay)─▶ PUNCHING ─(first authenticated candidate)─▶ CONNECTED
 *                               │ deadline, or NATs that cannot punch
 *                               ▼
 *                            RELAYING ─(authenticated through the server's relay)─▶ CONNECTED
 *                               │ relay deadline, refused, or no relay
 *                               ▼
 *                            FAILED                      (CANCELLED from any state but the last two)
 * </pre>
 * While PUNCHING it dials every endpoint of the peer at once from the registered port, retrying
 * refused and unreachable dials quickly, while the listener accepts. Every candidate runs the
 * {@link CandidateHandshake}; the initiator marks the one it keeps with {@code chosen}, the rest are closed.
 */
final class PunchAttempt {
    private static final System.Logger LOG = System.getLogger(PunchAttempt.class.getName());
    private static final long RETRY_DELAY_MILLIS = 200;
    private static final long MAX_RETRY_DELAY_MILLIS = 1_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    /** The responder waits a little longer than the initiator, so a late pick is not lost to its deadline. */
    private static final long RESPONDER_GRACE_MILLIS = 1_000;
    static final Duration RELAY_DEADLINE = Duration.ofSeconds(15);

    enum State { SCHEDULED, PUNCHING, RELAYING, CONNECTED, FAILED, CANCELLED }

    /**
     * Called on worker threads, in this order: onAttempt per endpoint, onRelaying when it falls back,
     * then onConnected or onFailed once. Implementations must only hand the call on: they may be
     * called while the attempt holds its lock.
     */
    interface Listener {
        void onAttempt(Endpoint endpoint);

        void onRelaying(String why);

        void onConnected(PeerChannel channel, Duration elapsed);

        void onFailed(FailureKind kind, String reason, int attempts);
    }

    /**
     * Our side: key, local address (null: any) and registered port, own endpoints (never dialled), identity, measured NAT, and the
     * server's relay (null when it does not relay).
     */
    record Local(String key, InetAddress address, int port, Set<Endpoint> ownEndpoints, Identity identity,
                 NatType nat, InetSocketAddress relay) {
    }

    private final Local local;
    private final Introduce intro;
    private final String sessionId;
    private final CandidateHandshake handshake;
    private final Duration deadline;
    private final Listener listener;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final long introducedNanos = System.nanoTime();
    private final CountDownLatch punchingOver = new CountDownLatch(1);
    private final Set<Socket> openSockets = new LinkedHashSet<>();
    private final PunchOutcomes outcomes = new PunchOutcomes();
    private State state = State.SCHEDULED;
    private long deadlineNanos;
    private String directFailure;
    private FailureKind directFailureKind;
    private String relayProblem;
    private ScheduledFuture<?> deadlineTask;

    PunchAttempt(Local local, Introduce intro, Duration deadline, Listener listener, Executor workers,
                 ScheduledExecutorService timer) {
        this.local = local;
        this.intro = intro;
        this.sessionId = PeerAuth.sessionId(intro.tokenBytes());
        this.handshake = new CandidateHandshake(local.key(), local.identity(), intro, sessionId);
        this.deadline = deadline;
        this.listener = listener;
        this.workers = workers;
        this.timer = timer;
    }

    String sessionId() {
        return sessionId;
    }

    String peerKey() {
        return intro.peer();
    }

    synchronized State state() {
        return state;
    }

    /** Starts after the server's start delay. */
    void start() {
        timer.schedule(this::begin, intro.startInMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops everything; no callback follows. */
    void cancel() {
        List<Socket> toClose;
        synchronized (this) {
            if (state == State.CONNECTED || state == State.FAILED || state == State.CANCELLED) {
                return;
            }
            state = State.CANCELLED;
            toClose = takeOpenSockets(null);
        }
        endPunching();
        cancelDeadline();
        toClose.forEach(Sockets::abort);
    }

    /**
     * Endpoints to dial: private first when both sides share a NAT (it will not hairpin), else public
     * first. A peer's "private" endpoints are only dialled when they are private addresses: a peer may
     * not point our dials at arbitrary hosts on the internet (RFC 5128, §6).
     */
    List<Endpoint> candidates() {
        List<Endpoint> privates = new ArrayList<>();
        for (Endpoint endpoint : intro.peerPrivate()) {
            if (isPrivate(endpoint.address(), intro.sameNat())) {
                privates.add(endpoint);
            }
        }
        Set<Endpoint> ordered = new LinkedHashSet<>();
        if (intro.sameNat()) {
            ordered.addAll(privates);
            ordered.add(intro.peerPublic());
        } else {
            ordered.add(intro.peerPublic());
            ordered.addAll(privates);
        }
        ordered.removeAll(local.ownEndpoints());
        return new ArrayList<>(ordered);
    }

    /** RFC 1918, shared address space (RFC 6598), link-local, IPv6 unique-local; loopback on one machine. */
    static boolean isPrivate(InetAddress address, boolean sameNat) {
        if (address.isLoopbackAddress()) {
            return sameNat;
        }
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10
        }
        return (bytes[0] & 0xfe) == 0xfc; // fc00::/7
    }

    private void begin() {
        String unpunchable = PunchOutcomes.whyUnpunchable(local.nat(), intro);
        if (unpunchable != null) {
            synchronized (this) {
                if (state != State.SCHEDULED) {
                    return;
                }
                directFailure = unpunchable;
                directFailureKind = FailureKind.SYMMETRIC_NAT;
                relayOrFail();
            }
            return;
        }
        beginPunching();
    }

    private void beginPunching() {
        List<Endpoint> endpoints = candidates();
        synchronized (this) {
            if (state != State.SCHEDULED) {
                return;
            }
            state = State.PUNCHING;
            long millis = deadline.toMillis() + (intro.role() == Role.RESPONDER ? RESPONDER_GRACE_MILLIS : 0);
            deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            deadlineTask = timer.schedule(this::onPunchDeadline, millis, TimeUnit.MILLISECONDS);
            // Inside the lock: no candidate can report success before every attempt is announced.
            for (Endpoint endpoint : endpoints) {
                listener.onAttempt(endpoint);
            }
        }
        for (Endpoint endpoint : endpoints) {
            submit(() -> dialUntilDone(endpoint));
        }
    }

    /** Dials one endpoint from the registered port until something answers, the punch ends, or the deadline. */
    private void dialUntilDone(Endpoint endpoint) {
        long retryDelay = RETRY_DELAY_MILLIS;
        while (true) {
            Socket socket;
            int connectTimeout;
            synchronized (this) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (state != State.PUNCHING || remaining <= 0) {
                    return;
                }
                connectTimeout = (int) Math.min(CONNECT_TIMEOUT_MILLIS, remaining);
                try {
                    socket = Sockets.boundSocket(local.address(), local.port());
                    openSockets.add(socket);
                    outcomes.dialled();
                } catch (IOException e) {
                    outcomes.count(Outcome.ADDRESS_IN_USE);
                    socket = null;
                }
            }
            if (socket != null) {
                try {
                    socket.connect(endpoint.toSocketAddress(), connectTimeout);
                    authenticate(socket, null, endpoint, Route.DIRECT);
                    return; // authenticated or rejected: either way this endpoint answered
                } catch (ConnectException e) {
                    count(String.valueOf(e.getMessage()).contains("timed out") ? Outcome.TIMED_OUT : Outcome.REFUSED);
                } catch (NoRouteToHostException e) {
                    count(Outcome.UNREACHABLE);
                } catch (SocketTimeoutException e) {
                    count(Outcome.TIMED_OUT);
                } catch (BindException e) {
                    // Linux: the stream may already exist through accept() on the same 4-tuple (§4.3)
                    count(Outcome.ADDRESS_IN_USE);
                } catch (IOException e) {
                    // A dial still waiting when the deadline closed its socket had no answer: it timed out.
                    count(isAddressProblem(e) ? Outcome.ADDRESS_IN_USE
                            : state() != State.PUNCHING ? Outcome.TIMED_OUT : Outcome.OTHER);
                }
                release(socket);
            }
            if (!sleepWhilePunching(retryDelay)) {
                return;
            }
            retryDelay = Math.min(retryDelay * 3 / 2, MAX_RETRY_DELAY_MILLIS);
        }
    }

    /** Continues with a socket the listener accepted and whose hello named this punch. */
    void offerAccepted(Socket socket, PeerHello hello, Endpoint remote) {
        if (PunchOutcomes.whyUnpunchable(local.nat(), intro) == null) {
            beginPunching(); // the peer started first: no reason to wait out our start delay
        }
        synchronized (this) {
            if (state != State.PUNCHING && state != State.RELAYING) {
                Sockets.abort(socket);
                return;
            }
            openSockets.add(socket);
        }
        try {
            authenticate(socket, hello, remote, Route.DIRECT);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "accepted candidate {0} failed: {1}", remote, e.getMessage());
            release(socket);
        }
    }

    /** Runs the handshake on a candidate; returns the reason when it is not our peer, else null. */
    private String authenticate(Socket socket, PeerHello acceptedHello, Endpoint remote, Route route)
            throws IOException {
        PeerChannel channel;
        try {
            channel = handshake.run(socket, acceptedHello, remote, route);
        } catch (CandidateHandshake.Rejected e) {
            synchronized (this) {
                outcomes.rejected("something at " + remote + " " + e.getMessage());
            }
            LOG.log(Level.INFO, "rejected candidate {0} for {1}: {2}", remote, intro.peer(), e.getMessage());
            release(socket);
            return e.getMessage();
        }
        synchronized (this) {
            openSockets.remove(socket);
            openSockets.add(channel.socket());
        }
        if (intro.role() == Role.INITIATOR) {
            pick(channel, true);
        } else {
            awaitChosen(channel);
        }
        return null;
    }

    /** Responder: this candidate wins only if the initiator marks it. */
    private void awaitChosen(PeerChannel channel) throws IOException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(currentDeadlineNanos() - System.nanoTime());
        channel.socket().setSoTimeout((int) Math.max(1, Math.min(remaining, Integer.MAX_VALUE)));
        PeerMessage next;
        try {
            next = channel.reader().read(PeerMessage.class);
        } catch (ProtocolException e) {
            next = null;
        }
        if (next instanceof Chosen) {
            pick(channel, false);
        } else {
            release(channel.socket()); // bye (another candidate won) or end of stream
        }
    }

    private void pick(PeerChannel channel, boolean announce) {
        List<Socket> losers;
        synchronized (this) {
            if (state != State.PUNCHING && state != State.RELAYING) {
                closeLoser(channel.socket());
                return;
            }
            state = State.CONNECTED;
            losers = takeOpenSockets(channel.socket());
        }
        endPunching();
        cancelDeadline();
        losers.forEach(PunchAttempt::closeLoser);
        try {
            if (announce) {
                Sockets.write(channel.out(), new Chosen());
            }
            channel.socket().setSoTimeout(0);
        } catch (IOException e) {
            // Committed, and the others are gone: the honest end is a failure, never silence.
            synchronized (this) {
                state = State.FAILED;
            }
            Sockets.abort(channel.tcp());
            listener.onFailed(FailureKind.OTHER, "the connection to " + intro.peerName()
                    + " broke while it was being set up (" + e.getMessage() + ")", outcomes.dials());
            return;
        }
        LOG.log(Level.DEBUG, "{0} to {1} connected via {2} ({3})", channel.route(), intro.peer(), channel.remote(),
                channel.accepted() ? "accept" : "connect");
        listener.onConnected(channel, Duration.ofNanos(System.nanoTime() - introducedNanos));
    }

    private void onPunchDeadline() {
        List<Socket> toClose;
        synchronized (this) {
            if (state != State.PUNCHING) {
                return;
            }
            toClose = takeOpenSockets(null);
            directFailureKind = outcomes.kind();
            directFailure = outcomes.explain(directFailureKind, intro, deadline.toSeconds());
            relayOrFail();
        }
        endPunching();
        toClose.forEach(Sockets::abort);
    }

    /** With the lock held: go to the relay if the server has one, else fail with the direct reason. */
    private void relayOrFail() {
        if (local.relay() == null) {
            state = State.FAILED;
            listener.onFailed(directFailureKind, directFailure, outcomes.dials());
            return;
        }
        state = State.RELAYING;
        deadlineNanos = System.nanoTime() + RELAY_DEADLINE.toNanos();
        deadlineTask = timer.schedule(this::onRelayDeadline, RELAY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        listener.onRelaying(directFailure);
        submit(this::dialRelay);
    }

    /** Asks the server to splice us to the peer, then authenticates the peer through it like any candidate. */
    private void dialRelay() {
        Socket socket = new Socket();
        synchronized (this) {
            if (state != State.RELAYING) {
                return;
            }
            openSockets.add(socket);
        }
        Endpoint server = Endpoint.of(local.relay());
        try {
            if (local.address() != null) {
                socket.bind(new InetSocketAddress(local.address(), 0));
            }
            socket.connect(local.relay(), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            Sockets.write(socket.getOutputStream(), new RelayJoin(intro.token(), local.key()));
            ServerMessage answer = Codec.decode(Sockets.readFrameUnbuffered(socket.getInputStream(),
                    PunchListener.FIRST_FRAME_MAX_BYTES), ServerMessage.class);
            if (answer instanceof RelayReady) {
                String rejected = authenticate(socket, null, server, Route.RELAY);
                if (rejected != null) {
                    relayFailed(socket, "the other end of the relay " + rejected);
                }
                return;
            }
            relayFailed(socket, answer instanceof ErrorMessage error ? "the server said: " + error.message()
                    : "the server answered " + Codec.typeOf(answer.getClass()));
        } catch (IOException | ProtocolException e) {
            relayFailed(socket, e.getMessage());
        }
    }

    private void relayFailed(Socket socket, String problem) {
        synchronized (this) {
            relayProblem = problem;
        }
        release(socket);
        onRelayDeadline(); // nothing else to wait for
    }

    private void onRelayDeadline() {
        List<Socket> toClose;
        String reason;
        synchronized (this) {
            if (state != State.RELAYING) {
                return;
            }
            state = State.FAILED;
            toClose = takeOpenSockets(null);
            reason = directFailure + "; the relay did not connect either ("
                    + (relayProblem != null ? relayProblem : "no answer within " + RELAY_DEADLINE.toSeconds() + " s")
                    + ")";
            listener.onFailed(directFailureKind, reason, outcomes.dials());
        }
        toClose.forEach(Sockets::abort);
    }

    private synchronized long currentDeadlineNanos() {
        return deadlineNanos;
    }

    private synchronized void count(Outcome outcome) {
        outcomes.count(outcome);
    }

    private void submit(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "no thread for a punch step to {0}", intro.peer());
        }
    }

    private static boolean isAddressProblem(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Address already in use") || message.contains("Cannot assign requested address");
    }

    private boolean sleepWhilePunching(long millis) {
        try {
            return !punchingOver.await(millis, TimeUnit.MILLISECONDS) && state() == State.PUNCHING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void endPunching() {
        punchingOver.countDown();
    }

    private void cancelDeadline() {
        ScheduledFuture<?> task;
        synchronized (this) {
            task = deadlineTask;
        }
        if (task != null) {
            task.cancel(false);
        }
    }

    private List<Socket> takeOpenSockets(Socket keep) {
        List<Socket> taken = new ArrayList<>(openSockets);
        taken.remove(keep);
        openSockets.clear();
        return taken;
    }

    private void release(Socket socket) {
        synchronized (this) {
            openSockets.remove(socket);
        }
        Sockets.abort(socket);
    }

    /** A reset ends a losing candidate at once: the other side's pending read fails and moves on. */
    private static void closeLoser(Socket socket) {
        Sockets.abort(socket);
    }
}
