package punchline.client.net;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a {@link PunchAttempt} and the only edges between them; the attempt checks every
 * change against this table. What a state does (dial, take candidates of a kind) is asked of the state.
 */
enum PunchState {
    /** Waiting out the server's start delay, so both sides dial at the same moment. */
    SCHEDULED,
    /** Dialling every endpoint of the peer from the punch port while the listener accepts. */
    PUNCHING,
    /**
     * No direct link within the relay budget (about a second, from the measured round trips): the relay
     * too, while dialling goes on; whichever authenticates first carries the chat.
     */
    RACING,
    /** Punching is over or cannot work: through the server's relay (an accepted candidate may still win). */
    RELAYING,
    /**
     * One candidate authenticated and won; every other one is closed. The initiator tells the peer with
     * {@code chosen}, and that write can still fail: then the attempt fails, it never goes quiet.
     */
    COMMITTING,
    CONNECTED,
    FAILED,
    CANCELLED;

    /** How a candidate socket came: our dial, the listener's accept(), or the server's relay. */
    enum Kind { DIALLED, ACCEPTED, RELAYED }

    private static final Map<PunchState, Set<PunchState>> EDGES = new EnumMap<>(PunchState.class);
    private static final Map<PunchState, Set<Kind>> TAKES = new EnumMap<>(PunchState.class);

    static {
        EDGES.put(SCHEDULED, EnumSet.of(PUNCHING, RELAYING, FAILED, CANCELLED));
        EDGES.put(PUNCHING, EnumSet.of(COMMITTING, RACING, RELAYING, FAILED, CANCELLED));
        EDGES.put(RACING, EnumSet.of(COMMITTING, RELAYING, FAILED, CANCELLED));
        EDGES.put(RELAYING, EnumSet.of(COMMITTING, FAILED, CANCELLED));
        EDGES.put(COMMITTING, EnumSet.of(CONNECTED, FAILED, CANCELLED));
        EDGES.put(CONNECTED, EnumSet.noneOf(PunchState.class));
        EDGES.put(FAILED, EnumSet.noneOf(PunchState.class));
        EDGES.put(CANCELLED, EnumSet.noneOf(PunchState.class));
        for (PunchState state : values()) {
            TAKES.put(state, EnumSet.noneOf(Kind.class));
        }
        TAKES.put(PUNCHING, EnumSet.of(Kind.DIALLED, Kind.ACCEPTED));
        TAKES.put(RACING, EnumSet.of(Kind.DIALLED, Kind.ACCEPTED, Kind.RELAYED));
        TAKES.put(RELAYING, EnumSet.of(Kind.ACCEPTED, Kind.RELAYED));
    }

    /** The states this one may change to. */
    Set<PunchState> next() {
        return Collections.unmodifiableSet(EDGES.get(this));
    }

    boolean canGoTo(PunchState next) {
        return EDGES.get(this).contains(next);
    }

    /** Nothing follows: the listener has heard its one onConnected or onFailed (or, cancelled, nothing). */
    boolean isFinal() {
        return EDGES.get(this).isEmpty();
    }

    /** Whether dial loops keep dialling the peer's endpoints. */
    boolean dials() {
        return takes(Kind.DIALLED);
    }

    /**
     * Whether a candidate of {@code kind} may join or stay: entering a state resets the candidates of the
     * kinds it does not take (a winner being committed excepted).
     */
    boolean takes(Kind kind) {
        return TAKES.get(this).contains(kind);
    }

    /** Whether an authenticated candidate (of any kind) may still win. */
    boolean takesCandidates() {
        return !TAKES.get(this).isEmpty();
    }
}
