package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import punchline.client.net.ClientEvent.FailureKind;
import punchline.client.net.ClientEvent.Route;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.Chosen;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * One connection attempt to a peer (Ford, Srisuresh, Kegel 2005, §4.2), as a state machine whose
 * edges are {@link PunchState}'s table:
 * <pre>
 * SCHEDULED ──start delay──▶ PUNCHING ──relay budget──▶ RACING
 *     │                         │                         │
 *     │ cannot punch            │ deadline                │ deadline
 *     ▼                         ▼                         │
 *  RELAYING ◀───────────────────┴─────────────────────────┘
 * PUNCHING, RACING, RELAYING ──a candidate won──▶ COMMITTING ──chosen sent──▶ CONNECTED
 * COMMITTING ──chosen not sent──▶ FAILED
 * RELAYING ──relay deadline, or refused──▶ FAILED
 * RACING ──deadline, the relay refused too──▶ FAILED
 * Without a relay there is no RACING, and "cannot punch" and "deadline" go to FAILED instead of RELAYING.
 * Every state but the final three (CONNECTED, FAILED, CANCELLED) ──cancel──▶ CANCELLED.
 * </pre>
 * While PUNCHING it dials every endpoint of the peer at once from the registered port
 * ({@link PunchDialer}) while the listener accepts. A punch never makes the user wait for it: when no
 * candidate has won within the relay budget ({@link RelayBudget}: about a second, from the measured
 * round trips), RACING dials the server's relay as well ({@link RelayDial}) and keeps dialling; whichever
 * authenticates first carries the chat, and a relay that wins while the punch was on is followed at
 * once by an upgrade punch ({@link RelayUpgrades}). RELAYING (punching cannot work, or its deadline
 * passed) uses the relay alone. Every candidate runs the {@link CandidateHandshake}; the initiator marks
 * the one it keeps with {@code chosen}, the rest are closed. {@link PunchLifecycle#advance} is the only
 * place the state changes.
 */
final class PunchAttempt {
    private static final System.Logger LOG = System.getLogger(PunchAttempt.class.getName());
    /** The responder waits a little longer than the initiator, so a late pick is not lost to its deadline. */
    private static final long RESPONDER_GRACE_MILLIS = 1_000;
    static final int MAX_CONNECT_TIMEOUT_MILLIS = 3_000;
    static final Duration RELAY_DEADLINE = Duration.ofSeconds(15);

    /**
     * Called one at a time, never while the punch holds its lock, in this order: onAttempt per
     * endpoint, onRelaying when it falls back, then exactly one of onConnected and onFailed; nothing
     * once {@link #cancel} has returned. Implementations must only hand the call on.
     */
    interface Listener {
        void onAttempt(Endpoint endpoint);

        void onRelaying(String why);

        /**
         * The listener owns {@code channel} from here on. {@code relayBeatPunch}: a relayed channel that
         * won while the punch was still dialling (the direct path may yet work: try it again at once).
         */
        void onConnected(PeerChannel channel, Duration elapsed, boolean relayBeatPunch);

        void onFailed(FailureKind kind, String reason, int attempts);
    }

    /**
     * Our side: key, local address (null: any) and registered port, own endpoints (never dialled), our
     * endpoint as the server saw it (null: not known), our identity's TLS, measured NAT, the server's
     * relay (null when it does not relay) and the round trip to the server (null: not measured).
     */
    record Local(String key, InetAddress address, int port, Set<Endpoint> ownEndpoints, Endpoint publicEndpoint,
                 PeerTls tls, NatType nat, RelayServer relay, Duration serverRtt) {
        /** The same side for a punch that must not fall back to the relay. */
        Local withoutRelay() {
            return new Local(key, address, port, ownEndpoints, publicEndpoint, tls, nat, null, serverRtt);
        }
    }

    /** Why the direct path is over, kept for the relay's failure message. */
    private record DirectFailure(FailureKind kind, String reason) {
    }

    private final Local local;
    private final Introduce intro;
    private final String sessionId;
    private final List<Endpoint> candidates;
    private final CandidateHandshake handshake;
    private final Duration deadline;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final long introducedNanos = System.nanoTime();
    private final PunchOutcomes outcomes = new PunchOutcomes();
    private final PunchLifecycle lifecycle;
    /** Written before the change into RELAYING, read only after it. */
    private volatile DirectFailure direct;
    /** How long the punch runs alone before the relay joins in (0: it never does). */
    private final long relayBudgetMillis;
    /** Why the relay failed while the punch went on (RACING), else null. */
    private volatile String relayProblem;

    PunchAttempt(Local local, Introduce intro, Duration deadline, Listener listener, Executor workers,
                 ScheduledExecutorService timer) {
        this.local = local;
        this.intro = intro;
        this.sessionId = PeerAuth.sessionId(intro.tokenBytes());
        this.candidates = PunchCandidates.of(intro, local.ownEndpoints(), local.publicEndpoint());
        this.handshake = new CandidateHandshake(local.key(), local.tls(), intro, sessionId);
        this.deadline = deadline;
        this.workers = workers;
        this.timer = timer;
        long punchMillis = deadline.toMillis();
        long budget = RelayBudget.millis(local.serverRtt());
        this.relayBudgetMillis = local.relay() != null && budget < punchMillis ? budget : 0;
        // The attempt is the punch's lock, so a listener can check it is never called holding it.
        this.lifecycle = new PunchLifecycle(this, intro.peer(), listener, timer, this::deadlineMillis,
                this::onDeadline);
    }

    String sessionId() {
        return sessionId;
    }

    PunchState state() {
        return lifecycle.state();
    }

    /** Every state so far, in order. */
    List<PunchState> history() {
        return lifecycle.history();
    }

    /** Starts after the server's start delay. */
    void start() {
        timer.schedule(this::begin, intro.startInMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops everything and closes what is open (once final, there is nothing to stop). Nothing is heard
     * after this returns: a call of an earlier change is made first, or dropped when cancelled.
     */
    void cancel() {
        lifecycle.cancel();
    }

    /** The peer's endpoints this attempt dials, in order (see {@link PunchCandidates}). */
    List<Endpoint> candidates() {
        return candidates;
    }

    /** Whether this attempt dials {@code address}: a stream from there may be the peer's (any thread). */
    boolean dials(InetAddress address) {
        for (Endpoint endpoint : candidates) {
            if (endpoint.address().equals(address)) {
                return true;
            }
        }
        return false;
    }

    private long deadlineMillis(PunchState phase) {
        long punchMillis = deadline.toMillis() + (intro.role() == Role.RESPONDER ? RESPONDER_GRACE_MILLIS : 0);
        return switch (phase) {
            case PUNCHING -> relayBudgetMillis > 0 ? relayBudgetMillis : punchMillis;
            case RACING -> punchMillis - relayBudgetMillis;
            case RELAYING -> RELAY_DEADLINE.toMillis();
            default -> 0;
        };
    }

    private void begin() {
        String unpunchable = PunchOutcomes.whyUnpunchable(local.nat(), intro);
        if (unpunchable == null) {
            beginPunching();
        } else {
            leaveDirect(PunchState.SCHEDULED, new DirectFailure(FailureKind.SYMMETRIC_NAT, unpunchable));
        }
    }

    private void beginPunching() {
        List<Endpoint> endpoints = candidates();
        if (lifecycle.advance(state -> state == PunchState.SCHEDULED, PunchState.PUNCHING, null,
                listener -> endpoints.forEach(listener::onAttempt))) {
            for (Endpoint endpoint : endpoints) {
                submit(new PunchDialer(this, endpoint, local.address(), local.port(), outcomes));
            }
        }
    }

    private void onDeadline(PunchState phase) {
        if (phase == PunchState.PUNCHING && relayBudgetMillis > 0) {
            race();
        } else if (phase == PunchState.PUNCHING || phase == PunchState.RACING) {
            FailureKind kind = outcomes.kind();
            leaveDirect(phase, new DirectFailure(kind, outcomes.explain(kind, intro, deadline.toSeconds())));
        } else if (phase == PunchState.RELAYING) {
            relayOver(null);
        }
    }

    /** The punch has not won within the budget: the relay too, while dialling goes on. */
    private void race() {
        String why = "no direct connection to " + intro.peerName() + " after " + relayBudgetMillis
                + " ms yet: trying the server's relay at the same time";
        if (lifecycle.advance(state -> state == PunchState.PUNCHING, PunchState.RACING, null,
                listener -> listener.onRelaying(why))) {
            submit(new RelayDial(this, local.address(), local.relay(), new RelayJoin(intro.token(), local.key())));
        }
    }

    /**
     * The direct path is over: to the relay if the server has one, else a failure with the direct reason.
     * From RACING the relay is already being dialled, unless it failed: then both reasons.
     */
    private void leaveDirect(PunchState from, DirectFailure failure) {
        if (local.relay() == null) {
            lifecycle.advance(state -> state == from, PunchState.FAILED, null,
                    listener -> listener.onFailed(failure.kind(), failure.reason(), outcomes.dials()));
            return;
        }
        direct = failure;
        if (from == PunchState.RACING) {
            String problem = relayProblem;
            if (problem != null) {
                relayOver(problem, from);
            } else {
                lifecycle.advance(state -> state == from, PunchState.RELAYING, null, null);
                if (relayProblem != null) {
                    relayOver(relayProblem); // it failed while we changed over
                }
            }
            return;
        }
        if (lifecycle.advance(state -> state == from, PunchState.RELAYING, null,
                listener -> listener.onRelaying(failure.reason()))) {
            submit(new RelayDial(this, local.address(), local.relay(), new RelayJoin(intro.token(), local.key())));
        }
    }

    private void relayOver(String problem) {
        relayOver(problem, PunchState.RELAYING);
    }

    private void relayOver(String problem, PunchState from) {
        DirectFailure failure = direct;
        if (failure == null) {
            return; // the direct path won meanwhile: nothing to report
        }
        String reason = failure.reason() + "; the relay did not connect either ("
                + (problem != null ? problem : "no answer within " + RELAY_DEADLINE.toSeconds() + " s") + ")";
        lifecycle.advance(state -> state == from, PunchState.FAILED, null,
                listener -> listener.onFailed(failure.kind(), reason, outcomes.dials()));
    }

    /** Continues with a socket the listener accepted and whose hello named this punch. */
    void offerAccepted(Socket socket, PeerHello hello, Endpoint remote) {
        if (PunchOutcomes.whyUnpunchable(local.nat(), intro) == null) {
            beginPunching(); // the peer started first: no reason to wait out our start delay
        }
        if (!lifecycle.admit(socket, PunchState.Kind.ACCEPTED, () -> { })) {
            Sockets.abort(socket);
            return;
        }
        try {
            authenticate(socket, hello, remote, Route.DIRECT);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "accepted candidate {0} failed: {1}", remote, e.getMessage());
            release(socket);
        }
    }

    /**
     * Runs the handshake on a candidate admitted to this attempt; returns the reason when it is not
     * our peer (the socket is then closed), else null.
     */
    String authenticate(Socket socket, PeerHello acceptedHello, Endpoint remote, Route route) throws IOException {
        return authenticate(socket, socket, acceptedHello, remote, route);
    }

    /**
     * The same on a {@code stream} that runs over the admitted {@code tcp} socket (the relay's TLS
     * connection to the server): {@code tcp} is what is kept, reset or released.
     */
    String authenticate(Socket stream, Socket tcp, PeerHello acceptedHello, Endpoint remote, Route route)
            throws IOException {
        CandidateHandshake.Authenticated candidate;
        try {
            candidate = handshake.run(stream, tcp, acceptedHello, remote, route);
        } catch (CandidateHandshake.Rejected e) {
            outcomes.rejected("something at " + remote + " " + e.getMessage());
            LOG.log(Level.INFO, "rejected candidate {0} for {1}: {2}", remote, intro.peer(), e.getMessage());
            release(tcp);
            return e.getMessage();
        }
        if (intro.role() == Role.INITIATOR) {
            pick(candidate.channel(), candidate.commit());
        } else {
            awaitChosen(candidate.channel());
        }
        return null;
    }

    /** Responder: this candidate wins only if the initiator marks it. */
    private void awaitChosen(PeerChannel channel) throws IOException {
        channel.socket().setSoTimeout(Math.max(1, lifecycle.millisLeft()));
        PeerMessage next;
        try {
            next = channel.reader().read(PeerMessage.class);
        } catch (ProtocolException e) {
            next = null;
        }
        if (next instanceof Chosen) {
            pick(channel, null);
        } else {
            release(channel.tcp()); // bye (another candidate won) or end of stream
        }
    }

    /**
     * Commits to {@code channel}: the others close at once, and a reset tells their other ends to move on.
     * {@code commit}: what the initiator writes to mark it (our proof and {@code chosen}), or null.
     */
    private void pick(PeerChannel channel, byte[] commit) {
        PunchState[] from = new PunchState[1];
        if (!lifecycle.advance(state -> (from[0] = state).takesCandidates(), PunchState.COMMITTING, channel.tcp(),
                null)) {
            Sockets.abort(channel.tcp());
            return;
        }
        boolean relayBeatPunch = channel.route() == Route.RELAY && from[0] == PunchState.RACING;
        try {
            if (commit != null) {
                channel.out().write(commit);
                channel.out().flush();
            }
            channel.socket().setSoTimeout(0);
        } catch (IOException e) {
            String reason = "the connection to " + intro.peerName() + " broke while it was being set up ("
                    + e.getMessage() + ")";
            lifecycle.advance(state -> state == PunchState.COMMITTING, PunchState.FAILED, null,
                    listener -> listener.onFailed(FailureKind.OTHER, reason, outcomes.dials()));
            return;
        }
        LOG.log(Level.DEBUG, "{0} to {1} connected via {2} ({3})", channel.route(), intro.peer(), channel.remote(),
                channel.accepted() ? "accept" : "connect");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - introducedNanos);
        lifecycle.advance(state -> state == PunchState.COMMITTING, PunchState.CONNECTED, channel.tcp(),
                listener -> listener.onConnected(channel, elapsed, relayBeatPunch));
    }

    // ---- for the dials ----

    /** How long the next dial may wait for an answer; 0 when dialling is over. */
    int dialTimeoutMillis() {
        return state().dials() ? Math.min(MAX_CONNECT_TIMEOUT_MILLIS, Math.max(0, lifecycle.millisLeft())) : 0;
    }

    /** Admits a dial's socket and counts it, while the attempt dials; false when it no longer does. */
    boolean admitDial(Socket socket) {
        return lifecycle.admit(socket, PunchState.Kind.DIALLED, outcomes::dialled);
    }

    /** Waits before the next dial; false when dialling ended meanwhile. */
    boolean pauseWhileDialling(long millis) {
        return lifecycle.pauseWhileDialling(millis);
    }

    /** Admits the relay's socket while the attempt relays; false when it no longer does. */
    boolean admitRelay(Socket socket) {
        return lifecycle.admit(socket, PunchState.Kind.RELAYED, () -> { });
    }

    /** What is left of the current state's deadline. */
    int millisLeft() {
        return lifecycle.millisLeft();
    }

    /** The relay did not bring the peer: nothing else to wait for, unless the punch is still on. */
    void relayFailed(Socket socket, String problem) {
        release(socket);
        relayProblem = problem;
        if (state() != PunchState.RACING) {
            relayOver(problem);
        }
    }

    /** Forgets and resets a candidate; returns whether it was still open (false: a state change reset it). */
    boolean release(Socket socket) {
        return lifecycle.release(socket);
    }

    private void submit(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "no thread for a punch step to {0}", intro.peer());
        }
    }
}
