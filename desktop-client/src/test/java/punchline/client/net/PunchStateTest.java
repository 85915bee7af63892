package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.client.net.PunchState.CANCELLED;
import static punchline.client.net.PunchState.COMMITTING;
import static punchline.client.net.PunchState.CONNECTED;
import static punchline.client.net.PunchState.FAILED;
import static punchline.client.net.PunchState.PUNCHING;
import static punchline.client.net.PunchState.RACING;
import static punchline.client.net.PunchState.RELAYING;
import static punchline.client.net.PunchState.SCHEDULED;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The punch's edges, exactly as PunchAttempt's diagram and docs/architecture.md draw them. */
class PunchStateTest {
    /** The diagram, edge by edge: anything not here must be refused. */
    private static final Set<String> DRAWN = Set.of(
            "SCHEDULED->PUNCHING", "SCHEDULED->RELAYING", "SCHEDULED->FAILED",
            "PUNCHING->RACING", "PUNCHING->RELAYING", "PUNCHING->COMMITTING", "PUNCHING->FAILED",
            "RACING->RELAYING", "RACING->COMMITTING", "RACING->FAILED",
            "RELAYING->COMMITTING", "RELAYING->FAILED",
            "COMMITTING->CONNECTED", "COMMITTING->FAILED",
            "SCHEDULED->CANCELLED", "PUNCHING->CANCELLED", "RACING->CANCELLED", "RELAYING->CANCELLED",
            "COMMITTING->CANCELLED");

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
    void punchingAndRacingDialRacingAloneTakesTheRelayAndTheFinalThreeTakeNothing() {
        assertEquals(EnumSet.of(PUNCHING, RACING), EnumSet.copyOf(filter(PunchState::dials)));
        assertEquals(EnumSet.of(PUNCHING, RACING, RELAYING), EnumSet.copyOf(filter(PunchState::takesCandidates)));
        assertEquals(EnumSet.of(PUNCHING, RACING, RELAYING), EnumSet.copyOf(filter(s -> s.takes(PunchState.Kind.ACCEPTED))));
        assertEquals(EnumSet.of(RACING, RELAYING), EnumSet.copyOf(filter(s -> s.takes(PunchState.Kind.RELAYED))));
        assertTrue(SCHEDULED.next().contains(PUNCHING));
        assertTrue(PUNCHING.next().contains(RACING));
        assertTrue(COMMITTING.next().containsAll(EnumSet.of(CONNECTED, FAILED)));
    }

    /** docs/architecture.md and PunchAttempt's Javadoc draw the same machine (the one DRAWN spells out). */
    @Test
    void theDocsAndTheJavadocDrawTheSameDiagram() throws java.io.IOException {
        java.nio.file.Path module = java.nio.file.Path.of("").toAbsolutePath();
        List<String> docs = diagram(java.nio.file.Files.readAllLines(module.resolveSibling("docs").resolve("architecture.md")));
        List<String> javadoc = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(
                module.resolve("src/main/java/punchline/client/net/PunchAttempt.java"))) {
            javadoc.add(line.replaceFirst("^ \\* ?", ""));
        }
        assertEquals(docs, diagram(javadoc));
        assertTrue(docs.size() >= 9, docs.toString());
    }

    /** The lines from the one that starts with "SCHEDULED ──" to the one ending with "CANCELLED.". */
    private static List<String> diagram(List<String> lines) {
        List<String> drawn = new java.util.ArrayList<>();
        for (String line : lines) {
            if (drawn.isEmpty() && !line.startsWith("SCHEDULED ──")) {
                continue;
            }
            drawn.add(line.stripTrailing());
            if (line.endsWith("CANCELLED.")) {
                return drawn;
            }
        }
        return drawn;
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
