package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.client.net.PunchState.CANCELLED;
import static punchline.client.net.PunchState.COMMITTING;
import static punchline.client.net.PunchState.CONNECTED;
import static punchline.client.net.PunchState.FAILED;
import static punchline.client.net.PunchState.PUNCHING;
import static punchline.client.net.PunchState.RELAYING;
import static punchline.client.net.PunchState.SCHEDULED;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The punch's edges, exactly as PunchAttempt's diagram and docs/architecture.md draw them. */
class PunchStateTest {
    /** The diagram, edge by edge: anything not here must be refused. */
    private static final Set<String> DRAWN = Set.of(
            "SCHEDULED->PUNCHING", "SCHEDULED->RELAYING", "SCHEDULED->FAILED",
            "PUNCHING->COMMITTING", "PUNCHING->RELAYING", "PUNCHING->FAILED",
            "RELAYING->COMMITTING", "RELAYING->FAILED",
            "COMMITTING->CONNECTED", "COMMITTING->FAILED",
            "SCHEDULED->CANCELLED", "PUNCHING->CANCELLED", "RELAYING->CANCELLED", "COMMITTING->CANCELLED");

    @Test
    void theTableHasTheDrawnEdgesAndNoOther() {
        for (PunchState from : PunchState.values()) {
            for (PunchState to : PunchState.values()) {
                assertEquals(DRAWN.contains(from + "->" + to), from.canGoTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void onlyConnectedFailedAndCancelledAreFinalAndEverythingElseCanBeCancelled() {
        for (PunchState state : PunchState.values()) {
            boolean expectedFinal = EnumSet.of(CONNECTED, FAILED, CANCELLED).contains(state);
            assertEquals(expectedFinal, state.isFinal(), state.name());
            assertEquals(!expectedFinal, state.canGoTo(CANCELLED), state.name());
            assertFalse(state.canGoTo(state), state + " has no edge to itself");
        }
    }

    @Test
    void onlyPunchingDialsAndOnlyPunchingAndRelayingTakeCandidates() {
        assertEquals(EnumSet.of(PUNCHING), EnumSet.copyOf(filter(PunchState::dials)));
        assertEquals(EnumSet.of(PUNCHING, RELAYING), EnumSet.copyOf(filter(PunchState::takesCandidates)));
        assertTrue(SCHEDULED.next().contains(PUNCHING));
        assertTrue(COMMITTING.next().containsAll(EnumSet.of(CONNECTED, FAILED)));
    }

    private static Set<PunchState> filter(java.util.function.Predicate<PunchState> test) {
        Set<PunchState> matching = EnumSet.noneOf(PunchState.class);
        for (PunchState state : PunchState.values()) {
            if (test.test(state)) {
                matching.add(state);
            }
        }
        return matching;
    }
}
