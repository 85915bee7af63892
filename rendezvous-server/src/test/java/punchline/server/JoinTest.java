package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Limits;
import punchline.protocol.Message.Bye;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.UserInfo;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.protocol.ServerMessage.UserList;
import punchline.protocol.ServerMessage.Welcome;
import punchline.protocol.UserKey;

/** Joining a room: the welcome, the user list, and presence that stays inside the room. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JoinTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void welcomeGivesAKeyThePublicEndpointSeenAndTheHeartbeat() {
        loopback.start(Loopback.options().heartbeatInterval(Duration.ofSeconds(7)));
        RawClient ann = loopback.join("Ann", "red");

        Welcome welcome = ann.welcome();
        assertKey(welcome.key());
        assertEquals(ann.localEndpoint(), welcome.publicEndpoint(), "the address the server sees us from");
        assertEquals("red", welcome.room());
        assertEquals(7, welcome.heartbeatSeconds());
        assertEquals(ProtocolVersion.CURRENT, welcome.version());
        assertEquals(List.of(), ann.initialUsers(), "alone in the room");
        ann.sync();
    }

    @Test
    void aHelloWithoutRoomJoinsTheLobbyUnderItsStrippedName() {
        RawClient bob = loopback.join("Bob");
        RawClient ann = loopback.connect();
        ann.sendRaw("{\"type\":\"hello\",\"version\":1,\"name\":\"  Ann \",\"privateEndpoints\":[],\"id\":\""
                + ann.id() + "\"}\n");

        Welcome welcome = ann.expect(Welcome.class);
        assertEquals(Hello.DEFAULT_ROOM, welcome.room());
        assertEquals(new UserList(Hello.DEFAULT_ROOM, List.of(bob.info()), true), ann.expect(UserList.class));
        assertEquals(new UserInfo(welcome.key(), "Ann", ann.id()), bob.expect(UserJoined.class).user());
    }

    @Test
    void aLargeRoomIsListedInChunksAndOnlyTheLastIsComplete() {
        int others = Limits.USERS_PER_LIST_FRAME + 25;
        List<UserInfo> present = new ArrayList<>();
        for (int i = 0; i < others; i++) {
            present.add(loopback.join("user " + i, "big").info());
        }
        RawClient late = loopback.connect();
        late.send(late.hello("Late", "big"));
        late.expect(Welcome.class);

        UserList first = late.expect(UserList.class);
        UserList second = late.expect(UserList.class);
        assertEquals(new UserList("big", present.subList(0, Limits.USERS_PER_LIST_FRAME), false), first);
        assertEquals(new UserList("big", present.subList(Limits.USERS_PER_LIST_FRAME, others), true), second);
    }

    @Test
    void keysAreUniqueAndNeverReusedAfterALeave() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            RawClient client = loopback.join("user " + i, "room " + i % 3);
            assertKey(client.key());
            assertTrue(keys.add(client.key()), "key handed out twice: " + client.key());
            if (i % 2 == 0) {
                client.close();
            }
        }
    }

    @Test
    void presenceIsBroadcastWithinTheRoomOnly() {
        RawClient ann = loopback.join("Ann", "red");
        RawClient cid = loopback.join("Cid", "blue");
        RawClient bob = loopback.join("Bob", "red");
        assertEquals(List.of(ann.info()), bob.initialUsers());
        assertEquals(bob.info(), ann.expect(UserJoined.class).user());

        RawClient dee = loopback.join("Dee", "blue");
        assertEquals(List.of(cid.info()), dee.initialUsers());
        assertEquals(dee.info(), cid.expect(UserJoined.class).user());

        bob.close();
        assertEquals(new UserLeft(bob.key()), ann.expect(UserLeft.class));
        dee.send(new Bye("see you"));
        dee.expectClosed();
        assertEquals(new UserLeft(dee.key()), cid.expect(UserLeft.class));

        ann.sync(); // nothing from blue reached red
        cid.sync(); // nor the other way round
        RawClient eve = loopback.join("Eve", "red");
        assertEquals(List.of(ann.info()), eve.initialUsers(), "who left is no longer listed");
    }

    private static void assertKey(String key) {
        assertEquals(UserKey.LENGTH, key.length(), key);
        for (char c : key.toCharArray()) {
            assertFalse(UserKey.ALPHABET.indexOf(c) < 0, "key " + key + " has '" + c + "'");
        }
    }
}
