package punchline.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.Message.Bye;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.Chosen;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * One hole punch (Ford, Srisuresh, Kegel 2005, §4.2), as a state machine:
 * SCHEDULED (wait the server's start delay) → PUNCHING (from the registered port, dial every endpoint
 * of the peer at once and retry refused or unreachable dials quickly, while the listener accepts) →
 * CONNECTED (the first candidate that authenticates, chosen by the initiator) or FAILED (deadline).
 * Every candidate proves the session token both ways before any chat byte; the rest are closed.
 */
final class PunchAttempt {
    private static final System.Logger LOG = System.getLogger(PunchAttempt.class.getName());
    private static final long RETRY_DELAY_MILLIS = 200;
    private static final long MAX_RETRY_DELAY_MILLIS = 1_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 3_000;
    /** The responder waits a little longer than the initiator, so a late pick is not lost to its deadline. */
    private static final long RESPONDER_GRACE_MILLIS = 1_000;

    enum State { SCHEDULED, PUNCHING, CONNECTED, FAILED, CANCELLED }

    /** Outcomes of single dials, counted to explain a failure. */
    private enum Outcome { REFUSED, UNREACHABLE, TIMED_OUT, ADDRESS_IN_USE, AUTHENTICATION, OTHER }

    /**
     * Called on worker threads, in this order: onAttempt per endpoint, then onConnected or onFailed once.
     * Implementations must only hand the call on (they may be called while the attempt holds its lock).
     */
    interface Listener {
        void onAttempt(Endpoint endpoint);

        void onConnected(PeerChannel channel, Duration elapsed);

        void onFailed(FailureKind kind, String reason, int attempts);
    }

    /** The local side: our key, the port we registered, our own endpoints (never dialled). */
    record Local(String key, int port, Set<Endpoint> ownEndpoints) {
    }

    private final Local local;
    private final Introduce intro;
    private final byte[] token;
    private final String sessionId;
    private final Duration deadline;
    private final Listener listener;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final long introducedNanos = System.nanoTime();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Set<Socket> openSockets = new LinkedHashSet<>();
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private State state = State.SCHEDULED;
    private long deadlineNanos;
    private int dials;
    private String authenticationProblem;
    private ScheduledFuture<?> deadlineTask;

    PunchAttempt(Local local, Introduce intro, Duration deadline, Listener listener, Executor workers,
                 ScheduledExecutorService timer) {
        this.local = local;
        this.intro = intro;
        this.token = intro.tokenBytes();
        this.sessionId = PeerAuth.sessionId(token);
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

    /** Starts punching after the server's start delay. */
    void start() {
        timer.schedule(this::beginPunching, intro.startInMillis(), TimeUnit.MILLISECONDS);
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
        finish(toClose);
    }

    /** Endpoints to dial: private first when both sides share a NAT (it will not hairpin), else public first. */
    List<Endpoint> candidates() {
        Set<Endpoint> ordered = new LinkedHashSet<>();
        if (intro.sameNat()) {
            ordered.addAll(intro.peerPrivate());
            ordered.add(intro.peerPublic());
        } else {
            ordered.add(intro.peerPublic());
            for (Endpoint endpoint : intro.peerPrivate()) {
                if (!endpoint.address().isLoopbackAddress()) {
                    ordered.add(endpoint);
                }
            }
        }
        ordered.removeAll(local.ownEndpoints());
        return new ArrayList<>(ordered);
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
            deadlineTask = timer.schedule(this::onDeadline, millis, TimeUnit.MILLISECONDS);
            // Inside the lock: no candidate can report success before every attempt is announced.
            for (Endpoint endpoint : endpoints) {
                listener.onAttempt(endpoint);
            }
        }
        for (Endpoint endpoint : endpoints) {
            try {
                workers.execute(() -> dialUntilDone(endpoint));
            } catch (RejectedExecutionException e) {
                LOG.log(Level.WARNING, "no thread to dial {0}", endpoint);
            }
        }
    }

    /** Dials one endpoint from the registered port until something connects, the punch ends, or the deadline. */
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
                    socket = Sockets.boundSocket(local.port());
                } catch (IOException e) {
                    count(Outcome.ADDRESS_IN_USE);
                    socket = null;
                }
                if (socket != null) {
                    openSockets.add(socket);
                    dials++;
                }
            }
            if (socket != null) {
                try {
                    socket.connect(endpoint.toSocketAddress(), connectTimeout);
                    handshake(socket, null, endpoint);
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
                    count(isAddressProblem(e) ? Outcome.ADDRESS_IN_USE : Outcome.OTHER);
                }
                release(socket);
            }
            if (!sleepUnlessFinished(retryDelay)) {
                return;
            }
            retryDelay = Math.min(retryDelay * 3 / 2, MAX_RETRY_DELAY_MILLIS);
        }
    }

    /** Continues the handshake of a socket the listener accepted and whose hello named this punch. */
    void offerAccepted(Socket socket, PeerHello hello, Endpoint remote) {
        beginPunching(); // the peer started first: no reason to wait out our start delay
        synchronized (this) {
            if (state != State.PUNCHING) {
                Sockets.abort(socket);
                return;
            }
            openSockets.add(socket);
        }
        try {
            handshake(socket, hello, remote);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "accepted candidate {0} failed: {1}", remote, e.getMessage());
            release(socket);
        }
    }

    /**
     * Both sides send peer-hello first (the acceptor after reading the dialer's), then each proves the
     * token; the initiator marks its pick with chosen, the responder keeps the candidate that carries it.
     */
    private void handshake(Socket socket, PeerHello acceptedHello, Endpoint remote) throws IOException {
        String myNonce = PeerAuth.newNonce();
        try {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Sockets.write(out, new PeerHello(ProtocolVersion.CURRENT, local.key(), sessionId, myNonce));
            PeerHello theirs = acceptedHello;
            if (theirs == null) {
                theirs = Codec.decode(Sockets.readFrameUnbuffered(in, PunchListener.FIRST_FRAME_MAX_BYTES),
                        PeerHello.class);
            }
            if (!theirs.key().equals(intro.peer()) || !theirs.session().equals(sessionId)
                    || theirs.nonce().equals(myNonce)) {
                rejectCandidate(socket, remote, theirs.key().equals(local.key())
                        ? "reached ourselves" : "answered as " + theirs.key() + ", not " + intro.peer());
                return;
            }
            FrameReader reader = new FrameReader(in);
            Sockets.write(out, new PeerProof(PeerAuth.proof(token, local.key(), intro.peer(), myNonce, theirs.nonce())));
            PeerProof proof = reader.read(PeerProof.class);
            if (proof == null || !PeerAuth.verify(proof.proof(), token, intro.peer(), local.key(), theirs.nonce(),
                    myNonce)) {
                rejectCandidate(socket, remote, "could not prove it knows the session token");
                return;
            }
            authenticated(new PeerChannel(socket, reader, out, remote, acceptedHello != null));
        } catch (ProtocolException e) {
            rejectCandidate(socket, remote, "spoke something else: " + e.getMessage());
        }
    }

    private void authenticated(PeerChannel channel) throws IOException {
        if (intro.role() == Role.INITIATOR) {
            List<Socket> losers;
            synchronized (this) {
                if (state != State.PUNCHING) {
                    closeLoser(channel.socket());
                    return;
                }
                state = State.CONNECTED;
                losers = takeOpenSockets(channel.socket());
            }
            Sockets.write(channel.out(), new Chosen());
            connected(channel, losers);
            return;
        }
        // Responder: this candidate wins only if the initiator marks it.
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        channel.socket().setSoTimeout((int) Math.max(1, Math.min(remaining, Integer.MAX_VALUE)));
        PeerMessage next;
        try {
            next = channel.reader().read(PeerMessage.class);
        } catch (ProtocolException e) {
            release(channel.socket());
            return;
        }
        if (!(next instanceof Chosen)) {
            release(channel.socket()); // bye (another candidate won) or end of stream
            return;
        }
        List<Socket> losers;
        synchronized (this) {
            if (state != State.PUNCHING) {
                closeLoser(channel.socket());
                return;
            }
            state = State.CONNECTED;
            losers = takeOpenSockets(channel.socket());
        }
        connected(channel, losers);
    }

    private void connected(PeerChannel channel, List<Socket> losers) {
        for (Socket loser : losers) {
            closeLoser(loser);
        }
        finished.countDown();
        if (deadlineTask != null) {
            deadlineTask.cancel(false);
        }
        LOG.log(Level.DEBUG, "punch to {0} connected via {1} ({2})", intro.peer(), channel.remote(),
                channel.accepted() ? "accept" : "connect");
        listener.onConnected(channel, Duration.ofNanos(System.nanoTime() - introducedNanos));
    }

    private void onDeadline() {
        List<Socket> toClose;
        FailureKind kind;
        String reason;
        int attempts;
        synchronized (this) {
            if (state != State.PUNCHING) {
                return;
            }
            state = State.FAILED;
            toClose = takeOpenSockets(null);
            kind = failureKind();
            reason = explain(kind);
            attempts = dials;
        }
        finish(toClose);
        listener.onFailed(kind, reason, attempts);
    }

    private FailureKind failureKind() {
        if (authenticationProblem != null) {
            return FailureKind.AUTHENTICATION;
        }
        int refused = outcomes.getOrDefault(Outcome.REFUSED, 0);
        int unreachable = outcomes.getOrDefault(Outcome.UNREACHABLE, 0);
        int timedOut = outcomes.getOrDefault(Outcome.TIMED_OUT, 0);
        if (refused > 0 && timedOut == 0 && refused >= unreachable) {
            return FailureKind.REFUSED;
        }
        if (unreachable > 0 && timedOut == 0) {
            return FailureKind.UNREACHABLE;
        }
        return FailureKind.TIMED_OUT;
    }

    private String explain(FailureKind kind) {
        String who = intro.peerName();
        long seconds = deadline.toSeconds();
        return switch (kind) {
            case AUTHENTICATION -> "no authenticated connection to " + who + " within " + seconds + " s: "
                    + authenticationProblem;
            case REFUSED -> who + "'s router or computer refused every connection attempt (" + dials
                    + " attempts in " + seconds + " s)";
            case UNREACHABLE -> "no route to " + who + "'s addresses (" + dials + " attempts in " + seconds + " s)";
            default -> "timed out after " + seconds + " s: the routers did not let a direct connection through to "
                    + who + " (" + dials + " attempts)";
        };
    }

    private void rejectCandidate(Socket socket, Endpoint remote, String why) {
        synchronized (this) {
            count(Outcome.AUTHENTICATION);
            if (authenticationProblem == null) {
                authenticationProblem = "something at " + remote + " " + why;
            }
        }
        LOG.log(Level.INFO, "rejected candidate {0} for {1}: {2}", remote, intro.peer(), why);
        release(socket);
    }

    private synchronized void count(Outcome outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private static boolean isAddressProblem(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Address already in use") || message.contains("Cannot assign requested address");
    }

    private boolean sleepUnlessFinished(long millis) {
        try {
            return !finished.await(millis, TimeUnit.MILLISECONDS) && state() == State.PUNCHING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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

    private void finish(List<Socket> toClose) {
        finished.countDown();
        if (deadlineTask != null) {
            deadlineTask.cancel(false);
        }
        for (Socket socket : toClose) {
            Sockets.abort(socket);
        }
    }

    /** A losing candidate hears why before it is closed, so the other side does not wait on it. */
    private static void closeLoser(Socket socket) {
        try {
            if (socket.isConnected() && !socket.isClosed()) {
                Sockets.write(socket.getOutputStream(), new Bye("another connection was chosen"));
            }
        } catch (IOException ignored) {
            // it is being discarded anyway
        }
        Sockets.abort(socket);
    }
}
