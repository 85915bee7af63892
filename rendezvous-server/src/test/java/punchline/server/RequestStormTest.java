package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ServerMessage;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.UserJoined;

/**
 * Request spam and join churn (issue 12, items 3 and 7): budgets are kept per address (a network, by
 * prefix) and survive reconnects; one user sees a bounded number of requests however many keys and
 * addresses send them; an address that connects or joins too often, and a room that too many join at
 * once, are slowed down. Loopback gives us 127.0.0.0/8: each test user may come from an address of its own.
 */
@Tag("hostile")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestStormTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void theRequestBudgetSurvivesAReconnect() {
        loopback.start(Loopback.options().requestRate(1, 3));
        RawClient bob = loopback.joinFrom("127.0.0.2", "Bob");
        RawClient ann = loopback.join("Ann");
        bob.expect(UserJoined.class);
        for (int i = 0; i < 3; i++) {
            ann.send(new Connect(bob.key()));
            bob.expect(Request.class);
            ann.send(new Cancel(bob.key()));
            bob.expect(Cancelled.class);
        }
        ann.close(); // a new connection, a new key: the same budget
        bob.expect(ServerMessage.UserLeft.class);
        RawClient again = loopback.join("Ann");
        bob.expect(UserJoined.class);
        again.send(new Connect(bob.key()));
        assertEquals(bob.key(), again.expectError(ErrorCode.RATE_LIMITED).ref());
        again.sync();
        bob.sync(); // the request never reached Bob
    }

    /**
     * A storm of requests from 60 keys at 30 addresses: the target sees at most its cap, every sender beyond
     * it is told, and the target (and the server) go on serving; what the server keeps stays bounded.
     */
    @Test
    void aStormOfRequestsFromManyKeysAndAddressesReachesItsTargetBounded() {
        RendezvousServer server = loopback.start(Loopback.options()
                .floodLimits(FloodLimits.unlimited().withMaxRequestsPerTarget(5)));
        LogRecords log = new LogRecords();
        RawClient vic = loopback.joinFrom("127.0.0.2", "Vic", "storm");
        List<RawClient> senders = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            senders.add(loopback.joinFrom("127.0.1." + (i % 30 + 1), "Spammer " + i, "storm"));
        }
        for (RawClient sender : senders) {
            sender.send(new Connect(vic.key()));
        }
        int refused = 0;
        for (RawClient sender : senders) {
            for (ServerMessage answer : untilSynced(sender)) {
                if (answer instanceof ErrorMessage error) {
                    assertEquals(ErrorCode.RATE_LIMITED, error.code());
                    refused++;
                }
            }
        }
        List<String> from = new ArrayList<>();
        for (ServerMessage message : untilSynced(vic)) {
            if (message instanceof Request request) {
                from.add(request.from());
            }
        }
        assertEquals(5, from.size(), "requests that reached Vic");
        assertEquals(55, refused, "senders told Vic has too many waiting");
        log.close();
        assertEquals(1, log.count("refused a request to"), "the operator reads it once: " + log.messages());

        vic.send(new Reject(from.get(0))); // answering one makes room for one more
        RawClient late = senders.get(59);
        late.send(new Connect(vic.key()));
        assertEquals(late.key(), vic.expect(Request.class).from());
        assertTrue(server.call(server::addressBudgetCount) <= 31, "an address budget per address, no more");
    }

    /** What {@code client} was sent before the answer to a ping sent now. */
    private static List<ServerMessage> untilSynced(RawClient client) {
        long nonce = System.nanoTime();
        client.send(new Ping(nonce));
        List<ServerMessage> before = new ArrayList<>();
        ServerMessage message;
        while (!((message = client.expectAny()) instanceof Pong pong && pong.nonce() == nonce)) {
            before.add(message);
        }
        return before;
    }

    @Test
    void anAddressThatConnectsTooOftenIsSlowedDown() {
        loopback.start(Loopback.options().floodLimits(FloodLimits.unlimited().withConnectionsPerSecond(1)));
        List<RawClient> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // the burst
            first.add(loopback.connect());
        }
        first.forEach(RawClient::sync);
        RawClient eleventh = RawClient.connectPlain(loopback.server().localAddress()); // refused in the clear
        eleventh.expectError(ErrorCode.TOO_MANY_CONNECTIONS);
        eleventh.expectClosed();
        loopback.joinFrom("127.0.0.2", "Bob").sync(); // another address is not slowed down
    }

    @Test
    void anAddressThatJoinsTooOftenIsSlowedDown() {
        loopback.start(Loopback.options().floodLimits(FloodLimits.unlimited().withJoinsPerMinute(6)));
        loopback.join("Ann").sync();
        loopback.join("Ann again").sync(); // a burst of a third of a minute's worth
        RawClient third = loopback.connect();
        third.send(third.hello("Ann once more", "lobby"));
        assertTrue(third.expectError(ErrorCode.ROOM_FULL).message().contains("your address"));
        loopback.joinFrom("127.0.0.2", "Bob").sync();
    }

    /** Each join (and leave) is a message to everyone in the room: a room takes so many joins a second. */
    @Test
    void aRoomTakesSoManyJoinsASecond() {
        loopback.start(Loopback.options().floodLimits(FloodLimits.unlimited().withRoomJoinsPerSecond(1)));
        for (int i = 0; i < 5; i++) { // five seconds' worth at once, each from an address of its own
            loopback.joinFrom("127.0.2." + (i + 1), "User " + i, "busy").sync();
        }
        RawClient sixth = loopback.connectFrom("127.0.2.6");
        sixth.send(sixth.hello("User 5", "busy"));
        assertTrue(sixth.expectError(ErrorCode.ROOM_FULL).message().contains("joining room 'busy'"));
        loopback.joinFrom("127.0.2.7", "Quiet", "quiet").sync(); // another room is not slowed down
    }

    /** Addresses are networks: with --ipv4-prefix 24, 127.0.3.1 and 127.0.3.2 are one address. */
    @Test
    void addressesAreGroupedByPrefix() {
        loopback.start(Loopback.options().maxPerAddress(1).floodLimits(FloodLimits.unlimited().withPrefixes(24, 64)));
        loopback.joinFrom("127.0.3.1", "Ann").sync();
        RawClient sameNetwork = RawClient.connectPlain(loopback.server().localAddress(),
                Loopback.address("127.0.3.2")); // refused in the clear
        sameNetwork.expectError(ErrorCode.TOO_MANY_CONNECTIONS);
        loopback.joinFrom("127.0.4.1", "Bob").sync();
    }
}
