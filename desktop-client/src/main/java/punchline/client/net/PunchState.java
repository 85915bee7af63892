package punchline.client.net;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a {@link PunchAttempt} and the only edges between them; the attempt checks every
 * change against this table. What a state does (dial, take candidates) is asked of the state, so a
 * new phase (say, relaying while punching) is a new constant with its edges and answers.
 */
enum PunchState {
    /** Waiting out the server's start delay, so both sides dial at the same moment. */
    SCHEDULED,
    /** Dialling every endpoint of the peer from the punch port while the listener accepts. */
    PUNCHING,
    /** Punching failed or cannot work: through the server's relay (a direct candidate may still win). */
    RELAYING,
    /**
     * One candidate authenticated and won; every other one is closed. The initiator tells the peer with
     * {@code chosen}, and that write can still fail: then the attempt fails, it never goes quiet.
     */
    COMMITTING,
    CONNECTED,
    FAILED,
    CANCELLED;

    private static final Map<PunchState, Set<PunchState>> EDGES = new EnumMap<>(PunchState.class);

    static {
        EDGES.put(SCHEDULED, EnumSet.of(PUNCHING, RELAYING, FAILED, CANCELLED));
        EDGES.put(PUNCHING, EnumSet.of(COMMITTING, RELAYING, FAILED, CANCELLED));
        EDGES.put(RELAYING, EnumSet.of(COMMITTING, FAILED, CANCELLED));
        EDGES.put(COMMITTING, EnumSet.of(CONNECTED, FAILED, CANCELLED));
        EDGES.put(CONNECTED, EnumSet.noneOf(PunchState.class));
        EDGES.put(FAILED, EnumSet.noneOf(PunchState.class));
        EDGES.put(CANCELLED, EnumSet.noneOf(PunchState.class));
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
        return this == PUNCHING;
    }

    /** Whether a candidate connection (dialled, accepted or relayed) may still win. */
    boolean takesCandidates() {
        return this == PUNCHING || this == RELAYING;
    }
}
