package punchline.client.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.net.ClientEvent;
import punchline.client.net.ClientEventSamples;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Role;

/** The --events file is a contract for scripts: these names and fields must not change. */
class EventJournalTest {
    private static final Endpoint PUBLIC = ClientEventSamples.PUBLIC;

    @Test
    void everyEventHasAJournalForm() {
        Set<Class<?>> covered = new HashSet<>();
        for (ClientEvent event : ClientEventSamples.oneOfEach()) {
            JsonObject json = EventJournal.toJson(event);
            assertTrue(json.get("ts").getAsLong() > 0);
            assertTrue(json.has("event"));
            covered.add(event.getClass());
        }
        assertEquals(Set.of(ClientEvent.class.getPermittedSubclasses()), covered, "a new event needs a journal form");
    }

    @Test
    void theDocumentedEventsKeepTheirShape() {
        assertShape(new ClientEvent.Registered("ab12cd", PUBLIC, "lobby", false),
                "{\"event\":\"welcome\",\"key\":\"ab12cd\",\"public\":\"203.0.113.7:40000\",\"room\":\"lobby\"}");
        assertShape(new ClientEvent.Registered("zz99zz", PUBLIC, "lobby", true),
                "{\"event\":\"server-rejoined\",\"key\":\"zz99zz\",\"public\":\"203.0.113.7:40000\",\"room\":\"lobby\"}");
        assertShape(new ClientEvent.RequestReceived("ef34gh", "Bob"),
                "{\"event\":\"request\",\"from\":\"ef34gh\",\"name\":\"Bob\"}");
        assertShape(new ClientEvent.Connected("ef34gh", "Bob", ClientEvent.Route.DIRECT, PUBLIC, Duration.ofMillis(420)),
                "{\"event\":\"connected\",\"peer\":\"ef34gh\",\"name\":\"Bob\",\"route\":\"direct\","
                        + "\"remote\":\"203.0.113.7:40000\",\"elapsedMs\":420}");
        assertShape(new ClientEvent.MessageReceived("ef34gh", 3, "hi", 1L),
                "{\"event\":\"message\",\"from\":\"ef34gh\",\"id\":3,\"text\":\"hi\"}");
        assertShape(new ClientEvent.Failed("ef34gh", ClientEvent.FailureKind.TIMED_OUT, "timed out", 12),
                "{\"event\":\"failed\",\"peer\":\"ef34gh\",\"reason\":\"timed out\",\"kind\":\"timed-out\",\"attempts\":12}");
        assertShape(new ClientEvent.PeerLeft("ef34gh", "gone"),
                "{\"event\":\"peer-left\",\"peer\":\"ef34gh\",\"reason\":\"gone\"}");
        assertShape(new ClientEvent.ServerLost("gone"), "{\"event\":\"server-lost\",\"reason\":\"gone\"}");
        assertShape(new ClientEvent.Connected("ef34gh", "Bob", ClientEvent.Route.RELAY, PUBLIC, Duration.ofMillis(9)),
                "{\"event\":\"connected\",\"peer\":\"ef34gh\",\"name\":\"Bob\",\"route\":\"relay\","
                        + "\"remote\":\"203.0.113.7:40000\",\"elapsedMs\":9}");
        assertShape(new ClientEvent.NatDetected(NatType.SYMMETRIC), "{\"event\":\"nat\",\"type\":\"symmetric\"}");
        assertShape(new ClientEvent.Upgraded("ef34gh", PUBLIC),
                "{\"event\":\"upgraded\",\"peer\":\"ef34gh\",\"route\":\"direct\",\"remote\":\"203.0.113.7:40000\"}");
    }

    @Test
    void linesAreAppendedOnePerEvent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/events.jsonl");
        try (EventJournal journal = new EventJournal(file)) {
            journal.onEvent(new ClientEvent.UserLeft("ef34gh"));
            journal.onEvent(new ClientEvent.MessageReceived("ef34gh", 1, "two\nlines", 1L));
        }
        try (EventJournal journal = new EventJournal(file)) {
            journal.onEvent(new ClientEvent.ServerLost("x"));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        assertEquals("two\nlines", Codec.gson().fromJson(lines.get(1), JsonObject.class).get("text").getAsString());
        assertEquals("server-lost", Codec.gson().fromJson(lines.get(2), JsonObject.class).get("event").getAsString());
    }

    /**
     * Scripts outside the repository parse the --events file: for the same events the file must stay the
     * same to the byte (names, field order, escaping, line ends), whatever the code that writes it.
     */
    @Test
    void theFileStaysTheSameToTheByte(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        long[] now = {1_700_000_000_000L};
        try (EventJournal journal = new EventJournal(file, () -> now[0]++)) {
            for (ClientEvent event : contractSample()) {
                journal.onEvent(event);
            }
            journal.record("input-closed");
            journal.record("exit");
            for (ClientEvent event : ClientEventSamples.addedWithIds()) { // added later: after the first lines
                journal.onEvent(event);
            }
        }
        byte[] expected;
        try (var pinned = EventJournalTest.class.getResourceAsStream("events-contract.jsonl")) {
            expected = pinned.readAllBytes();
        }
        assertEquals(new String(expected, StandardCharsets.UTF_8), Files.readString(file, StandardCharsets.UTF_8));
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    /**
     * One of each event, and the variants whose fields differ: absent optionals, every route, odd text. Lines
     * are only ever added at the end (issue 11: the events of servers, the store and contacts, and IDs).
     */
    private static List<ClientEvent> contractSample() {
        List<ClientEvent> events = new ArrayList<>(ClientEventSamples.firstOfEach());
        events.add(new ClientEvent.Registered("zz99zz", PUBLIC, "lobby", true));
        events.add(new ClientEvent.Introduced("ef34gh", "Bob", Role.RESPONDER, PUBLIC, List.of(), true, null,
                NatType.UNKNOWN));
        events.add(new ClientEvent.Connected("ef34gh", "Bob", ClientEvent.Route.RELAY, PUBLIC, Duration.ofMillis(9)));
        events.add(new ClientEvent.RequestEnded("ef34gh", EndReason.SERVER_LOST));
        events.add(new ClientEvent.Failed("ef34gh", ClientEvent.FailureKind.SYMMETRIC_NAT, "both NATs", 0));
        events.add(new ClientEvent.MessageReceived("ef34gh", 7, "<b>&'=</b> ünï \\ \t\u2028 😀", 1L));
        events.add(new ClientEvent.ServerError(ErrorCode.UNKNOWN_USER, "no user", null));
        events.add(new ClientEvent.CommandRejected(null, "not registered yet"));
        return events;
    }

    private static void assertShape(ClientEvent event, String expectedWithoutTs) {
        JsonObject json = EventJournal.toJson(event);
        json.remove("ts");
        assertEquals(expectedWithoutTs, Codec.gson().toJson(json));
    }
}
