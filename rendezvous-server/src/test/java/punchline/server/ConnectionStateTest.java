package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connection lifecycle as the diagram in {@link ConnectionState} draws it. */
class ConnectionStateTest {
    private static final Set<ConnectionState> LIVE = EnumSet.of(ConnectionState.OPEN, ConnectionState.REGISTERED,
            ConnectionState.RELAY_WAITING, ConnectionState.RELAYED);

    @Test
    void onlyAConnectionThatSaidNothingYetMayRegisterOrAskForARelay() {
        for (ConnectionState from : ConnectionState.values()) {
            assertEquals(from == ConnectionState.OPEN, from.canMoveTo(ConnectionState.REGISTERED), from + " -> registered");
            assertEquals(from == ConnectionState.OPEN, from.canMoveTo(ConnectionState.RELAY_WAITING),
                    from + " -> relay-waiting");
        }
        assertEquals(EnumSet.of(ConnectionState.OPEN, ConnectionState.RELAY_WAITING), froms(ConnectionState.RELAYED));
    }

    @Test
    void everyLiveConnectionClosesGracefullyThroughFlushingAndNothingElseStartsThere() {
        assertEquals(LIVE, froms(ConnectionState.FLUSHING));
        assertEquals(EnumSet.of(ConnectionState.FLUSHING), froms(ConnectionState.HALF_CLOSED));
        assertEquals(EnumSet.of(ConnectionState.FLUSHING), froms(ConnectionState.INPUT_ENDED));
    }

    @Test
    void aClosingConnectionNeverBecomesLiveAgainAndClosedIsFinal() {
        for (ConnectionState from : ConnectionState.values()) {
            assertEquals(!LIVE.contains(from), from.isClosing(), from + " is closing");
            if (from.isClosing()) {
                for (ConnectionState live : LIVE) {
                    assertFalse(from.canMoveTo(live), from + " -> " + live);
                }
            }
            assertEquals(from != ConnectionState.CLOSED, from.canMoveTo(ConnectionState.CLOSED), from + " -> closed");
        }
        assertEquals(EnumSet.noneOf(ConnectionState.class), tos(ConnectionState.CLOSED));
    }

    @Test
    void aSideWhoseClientClosedFirstStopsReadingButTheOthersRead() {
        for (ConnectionState state : ConnectionState.values()) {
            assertEquals(state != ConnectionState.INPUT_ENDED && state != ConnectionState.CLOSED, state.reads(),
                    state + " reads");
        }
        assertTrue(ConnectionState.RELAY_WAITING.isRelay());
        assertTrue(ConnectionState.RELAYED.isRelay());
    }

    private static Set<ConnectionState> froms(ConnectionState to) {
        Set<ConnectionState> froms = EnumSet.noneOf(ConnectionState.class);
        for (ConnectionState from : ConnectionState.values()) {
            if (from.canMoveTo(to)) {
                froms.add(from);
            }
        }
        return froms;
    }

    private static Set<ConnectionState> tos(ConnectionState from) {
        Set<ConnectionState> tos = EnumSet.noneOf(ConnectionState.class);
        for (ConnectionState to : ConnectionState.values()) {
            if (from.canMoveTo(to)) {
                tos.add(to);
            }
        }
        return tos;
    }
}
