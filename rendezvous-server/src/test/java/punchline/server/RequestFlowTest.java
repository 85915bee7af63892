package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.Endpoint;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.Ping;
import punchline.protocol.Message.Pong;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.Role;
import punchline.protocol.ServerMessage.UserJoined;

/** A connect request from start to end: accepted, rejected, cancelled, crossed or expired. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestFlowTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void anAcceptedRequestIntroducesBothSidesToEachOther() {
        RawClient ann = loopback.connect();
        List<Endpoint> annPrivate = List.of(ann.localEndpoint(), new Endpoint("192.168.1.20", 40001));
        ann.register(new Hello(ProtocolVersion.CURRENT, "Ann", "lobby", annPrivate));
        RawClient bob = loopback.connect();
        List<Endpoint> bobPrivate = List.of(new Endpoint("10.0.0.7", 50002), new Endpoint("fd00::7", 50002));
        bob.register(new Hello(ProtocolVersion.CURRENT, "Bob", "lobby", bobPrivate));
        ann.expect(UserJoined.class);

        ann.send(new Connect(bob.key()));
        assertEquals(new Request(ann.key(), "Ann", ann.id()), bob.expect(Request.class));
        bob.send(new Accept(ann.key()));
        Introduce toAnn = ann.expect(Introduce.class);
        Introduce toBob = bob.expect(Introduce.class);

        assertEquals(bob.key(), toAnn.peer());
        assertEquals("Bob", toAnn.peerName());
        assertEquals(bob.welcome().publicEndpoint(), toAnn.peerPublic());
        assertEquals(bobPrivate, toAnn.peerPrivate());
        assertEquals(Role.INITIATOR, toAnn.role());

        assertEquals(ann.key(), toBob.peer());
        assertEquals("Ann", toBob.peerName());
        assertEquals(ann.welcome().publicEndpoint(), toBob.peerPublic());
        assertEquals(annPrivate, toBob.peerPrivate());
        assertEquals(Role.RESPONDER, toBob.role());

        assertEquals(toAnn.token(), toBob.token(), "both prove the same secret");
        assertTrue(toAnn.tokenBytes().length >= Introduce.MIN_TOKEN_BYTES, toAnn.token());
        for (Introduce introduce : List.of(toAnn, toBob)) {
            assertTrue(introduce.startInMillis() >= 0
                    && introduce.startInMillis() <= Introduce.MAX_START_DELAY_MILLIS, introduce.toString());
            assertTrue(introduce.sameNat(), "both come from 127.0.0.1");
        }
        assertEquals(1, loopback.server().introductionCount());

        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        bob.send(new Accept(ann.key()));
        String again = ann.expect(Introduce.class).token();
        assertEquals(again, bob.expect(Introduce.class).token());
        assertNotEquals(toAnn.token(), again, "every introduction has a fresh token");
    }

    /**
     * Both sides are told to dial at the same moment, each after the other's half round trip to the server
     * less its own. A program just started answers its first ping late (busy loading and measuring): that
     * sample must not make the peer wait. Bob answers his first ping 400 ms late, the second at once.
     */
    @Test
    void aLateFirstPongDoesNotDelayThePeersStart() {
        RawClient ann = loopback.join("Ann");
        RawClient bob = loopback.connect();
        bob.register(bob.hello("Bob", "lobby"), Duration.ofMillis(400));
        ann.expect(UserJoined.class);
        bob.send(new Pong(bob.expect(Ping.class).nonce())); // the second sample, soon after the first

        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        bob.send(new Accept(ann.key()));
        Introduce toAnn = ann.expect(Introduce.class);
        bob.expect(Introduce.class);
        assertTrue(toAnn.startInMillis() < 100, "Ann waits for Bob's late first pong: " + toAnn);
    }

    @Test
    void aRejectedRequestTellsTheRequesterAndEnds() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        ann.send(new Connect(bob.key()));
        assertEquals(new Request(ann.key(), "Ann", ann.id()), bob.expect(Request.class));
        bob.send(new Reject(ann.key()));
        assertEquals(new Rejected(bob.key(), EndReason.REJECTED), ann.expect(Rejected.class));

        bob.send(new Accept(ann.key()));
        bob.expectError(ErrorCode.NO_PENDING_REQUEST);
        ann.send(new Cancel(bob.key()));
        ann.expectError(ErrorCode.NO_PENDING_REQUEST);
        ann.sync();
        bob.sync();
    }

    @Test
    void aCancelledRequestTellsTheTargetAndEnds() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        ann.send(new Cancel(bob.key()));
        assertEquals(new Cancelled(ann.key(), EndReason.CANCELLED), bob.expect(Cancelled.class));
        ann.sync(); // the one who cancelled is not told anything

        bob.send(new Accept(ann.key()));
        bob.expectError(ErrorCode.NO_PENDING_REQUEST);
        bob.sync();
    }

    @Test
    void keysInRequestsAreCaseInsensitive() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        ann.send(new Connect(bob.key().toUpperCase()));
        assertEquals(new Request(ann.key(), "Ann", ann.id()), bob.expect(Request.class));
        bob.send(new Accept(ann.key().toUpperCase()));
        assertEquals(bob.key(), ann.expect(Introduce.class).peer());
        assertEquals(ann.key(), bob.expect(Introduce.class).peer());
    }

    @Test
    void crossedRequestsAreAnIntroduction() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        bob.send(new Connect(ann.key()));

        Introduce toAnn = ann.expect(Introduce.class); // and no request from Bob before it
        Introduce toBob = bob.expect(Introduce.class);
        assertEquals(bob.key(), toAnn.peer());
        assertEquals(Role.INITIATOR, toAnn.role(), "who asked first initiates");
        assertEquals(ann.key(), toBob.peer());
        assertEquals(Role.RESPONDER, toBob.role());
        assertEquals(toAnn.token(), toBob.token());
        ann.sync();
        bob.sync();
    }

    @Test
    void anUnansweredRequestExpiresForBothSides() {
        loopback.start(Loopback.options().helloTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofMillis(500)));
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        assertEquals(new Rejected(bob.key(), EndReason.EXPIRED), ann.expect(Rejected.class));
        assertEquals(new Cancelled(ann.key(), EndReason.EXPIRED), bob.expect(Cancelled.class));

        bob.send(new Accept(ann.key()));
        bob.expectError(ErrorCode.NO_PENDING_REQUEST);
        ann.send(new Cancel(bob.key()));
        ann.expectError(ErrorCode.NO_PENDING_REQUEST);
    }
}
