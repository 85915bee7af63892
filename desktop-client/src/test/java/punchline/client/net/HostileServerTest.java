package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Endpoint;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Notice;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.Role;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.UserKey;

/**
 * A server that lies (issue 12, item 8, and the hostile suite): endless user lists, joins, requests and
 * introductions. The client keeps a bounded amount of it (measured on the core thread, not guessed from
 * the clock) and stays responsive: it still reads, answers the server's pings and reports what matters.
 */
@Tag("hostile")
@Timeout(90)
class HostileServerTest {

    /** What a test checks of a core run against a lying server. */
    @FunctionalInterface
    private interface Check {
        void run(ClientCore victim, EventRecorder events, FakeServer liar) throws Exception;
    }

    /** Runs {@code check} on a core of Vic's against a server that runs {@code script}; returns Vic's events. */
    private static EventRecorder against(FakeServer.Script script, Check check) throws Exception {
        EventRecorder events = new EventRecorder("Vic");
        try (FakeServer liar = new FakeServer(script)) {
            ClientCore victim = new ClientCore(TestNetwork.config("Vic", liar.port()).build());
            victim.addListener(events);
            victim.start();
            try {
                check.run(victim, events, liar);
            } finally {
                victim.stop();
            }
            assertNull(liar.failure());
        }
        return events;
    }

    /** Runs {@code lies} after a welcome, then a notice and a ping; returns what the client kept then. */
    private static Map<String, Integer> keptAfter(FakeServer.Script lies) throws Exception {
        List<Map<String, Integer>> kept = new ArrayList<>();
        against(link -> {
            link.welcome("ab12cd");
            lies.run(link);
            link.send(new Notice("done", true));
            link.send(new Ping(42));
            while (!(link.read() instanceof Pong pong && pong.nonce() == 42)) {
                // the client's reports and its own pings
            }
            link.send(new Notice("answered", true));
            link.drain();
        }, (victim, events, liar) -> {
            events.await(ClientEvent.Notice.class, notice -> notice.text().equals("answered"));
            kept.add(victim.retained().get(10, TimeUnit.SECONDS));
            assertEquals(1, liar.connections(), "the client kept its link");
        });
        return kept.get(0);
    }

    /** An endpoint where nothing listens: a dial there is refused at once. */
    private static Endpoint nobody() throws IOException {
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            return new Endpoint("127.0.0.1", closed.getLocalPort());
        }
    }

    /** A key of its own for each {@code i}: "x" and {@code i} in five base-32 digits. */
    private static String key(int i) {
        char[] key = new char[UserKey.LENGTH];
        key[0] = 'x';
        for (int digit = UserKey.LENGTH - 1, rest = i; digit > 0; digit--, rest /= 32) {
            key[digit] = UserKey.ALPHABET.charAt(rest % 32);
        }
        return new String(key);
    }

    private static List<UserInfo> users(int from, int count) {
        List<UserInfo> users = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            users.add(new UserInfo(key(i), "User " + i));
        }
        return users;
    }

    @Test
    void anEndlessUserListIsBounded() throws Exception {
        Map<String, Integer> kept = keptAfter(link -> {
            for (int chunk = 0; chunk < 300; chunk++) { // 60,000 users, never complete
                link.send(new UserList("lobby", users(chunk * 200, 200), false));
            }
        });
        assertTrue(kept.get("userListChunks") <= ServerEvents.MAX_ROOM_USERS, kept.toString());
    }

    @Test
    void endlessJoinsAreBounded() throws Exception {
        Map<String, Integer> kept = keptAfter(link -> {
            for (UserInfo user : users(0, ServerEvents.MAX_ROOM_USERS + 2_000)) {
                link.send(new UserJoined(user));
            }
        });
        assertEquals(ServerEvents.MAX_ROOM_USERS, kept.get("users"), kept.toString());
    }

    @Test
    void endlessRequestsAreBounded() throws Exception {
        Map<String, Integer> kept = keptAfter(link -> {
            for (int i = 0; i < 3_000; i++) {
                link.send(new Request(key(i), "Spammer " + i));
            }
        });
        assertEquals(ServerEvents.MAX_INCOMING, kept.get("incoming"), kept.toString());
        assertTrue(kept.get("peerNames") <= ServerEvents.MAX_NAMES, kept.toString());
    }

    /**
     * Introductions nobody asked for (a client that refuses them keeps none; one that punches keeps the
     * last few): never more than a bounded number. The endpoint refuses at once, so the punches end soon.
     */
    @Test
    void endlessIntroductionsAreBounded() throws Exception {
        Endpoint nobody = nobody();
        Map<String, Integer> kept = keptAfter(link -> {
            for (int i = 0; i < PeerSessions.MAX_INTRODUCTIONS + 50; i++) {
                link.send(new Introduce(key(i), "Stranger " + i, nobody, List.of(), "A".repeat(43),
                        Role.RESPONDER, 0, false));
            }
        });
        assertTrue(kept.get("introductions") <= PeerSessions.MAX_INTRODUCTIONS, kept.toString());
    }

    /**
     * A name that would pass for another's (an override that shows "evil" as "live", a zero-width space)
     * never reaches the room, from a server that does not check it (issue 12, item 9).
     */
    @Test
    void aSpoofedNameFromTheServerIsRefused() throws Exception {
        EventRecorder events = against(link -> {
            link.welcome("ab12cd");
            link.sendRaw("{\"type\":\"user-joined\",\"user\":{\"key\":\"ef34gh\",\"name\":\"\\u202elive\"}}\n");
            link.sendRaw("{\"type\":\"request\",\"from\":\"ef34gh\",\"name\":\"Bob\\u200b\"}\n");
            link.drain();
        }, (victim, vic, liar) -> assertTrue(vic.await(ClientEvent.ServerLost.class).reason().contains("'name'")));
        assertEquals(List.of(), events.ofType(ClientEvent.UserJoined.class));
        assertEquals(List.of(), events.ofType(ClientEvent.RequestReceived.class));
    }

    /**
     * An introduction answers our own request or our accept, nothing else: one nobody asked for would
     * make the client dial where the server says. The server must not start a punch that way.
     */
    @Test
    void anIntroductionNobodyAskedForStartsNoPunch() throws Exception {
        Endpoint somewhere = nobody();
        EventRecorder events = against(link -> {
            link.welcome("ab12cd");
            link.send(new Introduce("ef34gh", "Mallory", somewhere, List.of(), "A".repeat(43), Role.INITIATOR, 0,
                    false));
            link.send(new Notice("done", true));
            link.drain();
        }, (victim, vic, liar) -> {
            vic.await(ClientEvent.Notice.class);
            assertEquals(0, victim.retained().get(10, TimeUnit.SECONDS).get("introductions"));
        });
        assertEquals(List.of(), events.ofType(ClientEvent.Introduced.class));
        assertEquals(List.of(), events.ofType(ClientEvent.Attempt.class));
    }

    /** Frames that are not frames: the client drops the link and comes back later, calmly. */
    @Test
    void badFramesEndTheLinkAndTheClientComesBackWithBackoff() throws Exception {
        against(link -> {
            link.welcome("ab12cd");
            link.sendRaw("{\"type\":\"notice\",\"text\":12}\nnot json at all\n");
            link.drain();
        }, (victim, events, liar) -> {
            assertTrue(events.await(ClientEvent.ServerLost.class).reason().contains("unreadable"));
            events.await(ClientEvent.Registered.class, ClientEvent.Registered::rejoined);
        });
    }
}
