package punchline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.Codec;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.Ping;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.server.Loopback.RelayPair;

/**
 * Every way the relay says no: each refused connection gets its typed error and is closed, and the
 * users, the relays and the waiting sides that did nothing wrong carry on.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RelayRefusalTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void aServerThatDoesNotRelayRefusesWithRelayDisabled() {
        loopback.start(Loopback.options().relay(RelayOptions.defaults().withEnabled(false)));
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        assertFalse(ann.welcome().relay());
        String token = loopback.introduce(ann, bob).token();

        for (RawClient user : users) {
            RawClient relay = loopback.joinRelay(token, user.key());
            relay.expectError(ErrorCode.RELAY_DISABLED);
            relay.expectClosed();
        }
        ann.sync();
        bob.sync();
    }

    /**
     * With one relay allowed and one running, a second pair is turned away: both of its sides are told
     * the relay is full (the one that came first is not left waiting for a partner who was refused).
     * Once the first relay ends, the second pair can use its introduction after all.
     */
    @Test
    void beyondMaxRelaysBothSidesOfTheNewPairAreToldTheRelayIsFull() {
        RendezvousServer server = loopback.start(Loopback.options().relay(RelayOptions.defaults().withMaxRelays(1)));
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob", "Cid", "Dee");
        RawClient cid = users.get(2);
        RawClient dee = users.get(3);
        RelayPair busy = loopback.openRelay(loopback.introduce(users.get(0), users.get(1)).token(),
                users.get(0), users.get(1));
        String token = loopback.introduce(cid, dee).token();

        RawClient cidRelay = loopback.joinRelay(token, cid.key());
        loopback.awaitOnServer("Cid waits at the relay", () -> server.relays().waitingCount() == 1);
        RawClient deeRelay = loopback.joinRelay(token, dee.key());

        deeRelay.expectError(ErrorCode.RELAY_FULL);
        deeRelay.expectClosed();
        cidRelay.expectError(ErrorCode.RELAY_FULL);
        cidRelay.expectClosed();
        assertEquals(1, server.relayCount());
        exchange(busy);

        busy.requester().close();
        assertArrayEquals(new byte[0], busy.target().readRawToEnd());
        exchange(loopback.openRelay(token, cid, dee));
    }

    /** A token nobody was given, and a real token with a key that is not one of its introduction's. */
    @Test
    void aTokenOrKeyOutsideTheIntroductionIsAnUnknownSession() {
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob", "Cid");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        RawClient cid = users.get(2);
        String annAndBob = loopback.introduce(ann, bob).token();
        String annAndCid = loopback.introduce(ann, cid).token();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String madeUp = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);

        for (RelayJoin join : List.of(new RelayJoin(madeUp, ann.key()), new RelayJoin(annAndBob, cid.key()),
                new RelayJoin(annAndCid, bob.key()))) {
            RawClient relay = loopback.connect();
            relay.send(join);
            relay.expectError(ErrorCode.RELAY_UNKNOWN_SESSION);
            relay.expectClosed();
        }
        exchange(loopback.openRelay(annAndBob, ann, bob));
        users.forEach(RawClient::sync);
    }

    /** A second connection for the side already waiting is refused; the first still gets its partner. */
    @Test
    void theSameSideTwiceIsAnUnknownSessionAndTheFirstStillWaits() {
        RendezvousServer server = loopback.server();
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        String token = loopback.introduce(users.get(0), users.get(1)).token();
        String ann = users.get(0).key();

        RawClient waiting = loopback.joinRelay(token, ann);
        loopback.awaitOnServer("Ann waits at the relay", () -> server.relays().waitingCount() == 1);
        RawClient again = loopback.joinRelay(token, ann);
        again.expectError(ErrorCode.RELAY_UNKNOWN_SESSION);
        again.expectClosed();

        RawClient bob = loopback.joinRelay(token, users.get(1).key());
        waiting.expectRelayReady();
        bob.expectRelayReady();
        exchange(new RelayPair(waiting, bob));
    }

    /** A token is good for one relay: once spliced, nobody else can use it, not even one of its sides. */
    @Test
    void aTokenAlreadySplicedIsAnUnknownSession() {
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        String token = loopback.introduce(users.get(0), users.get(1)).token();
        RelayPair relay = loopback.openRelay(token, users.get(0), users.get(1));

        for (RawClient user : users) {
            RawClient late = loopback.joinRelay(token, user.key());
            late.expectError(ErrorCode.RELAY_UNKNOWN_SESSION);
            late.expectClosed();
        }
        exchange(relay);
    }

    /**
     * An introduction may be relayed only while the server remembers it (the request timeout). Ann's
     * later request to Cid expires after the same timeout, so once Ann is told, the introduction to Bob,
     * which came first, is over too.
     */
    @Test
    void anIntroductionTooOldIsAnUnknownSession() {
        loopback.start(Loopback.options().requestTimeout(Duration.ofMillis(300)));
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob", "Cid");
        RawClient ann = users.get(0);
        RawClient cid = users.get(2);
        String token = loopback.introduce(ann, users.get(1)).token();
        ann.send(new Connect(cid.key()));
        cid.expect(Request.class);
        assertEquals(new Rejected(cid.key(), EndReason.EXPIRED), ann.expect(Rejected.class));

        RawClient late = loopback.joinRelay(token, ann.key());
        late.expectError(ErrorCode.RELAY_UNKNOWN_SESSION);
        late.expectClosed();
    }

    /** A side whose partner never comes is told so after the wait timeout, and leaves no trace. */
    @Test
    void aSideWhosePartnerNeverComesGetsRelayTimeout() {
        Duration wait = Duration.ofMillis(300);
        RendezvousServer server = loopback.start(Loopback.options()
                .relay(RelayOptions.defaults().withTimeouts(Duration.ofSeconds(60), wait)));
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        String token = loopback.introduce(users.get(0), users.get(1)).token();

        long start = System.nanoTime();
        RawClient ann = loopback.joinRelay(token, users.get(0).key());
        ann.expectError(ErrorCode.RELAY_TIMEOUT);
        assertTrue(System.nanoTime() - start >= wait.toNanos(), "not before the wait timeout");
        ann.expectClosed();

        // Bob comes too late: he is not spliced to Ann's closed connection, he waits in vain himself
        RawClient bob = loopback.joinRelay(token, users.get(1).key());
        bob.expectError(ErrorCode.RELAY_TIMEOUT);
        bob.expectClosed();
        assertEquals(0, server.relayCount());
        users.forEach(RawClient::sync);
    }

    /** Between relay and relay-ready nothing may be sent: neither a frame nor raw bytes. */
    @Test
    void anythingSentWhileWaitingIsUnexpected() {
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        String token = loopback.introduce(users.get(0), users.get(1)).token();
        String ann = users.get(0).key();

        RawClient frame = loopback.joinRelay(token, ann);
        frame.send(new Ping(1));
        frame.expectError(ErrorCode.UNEXPECTED_MESSAGE);
        frame.expectClosed();

        RawClient bytes = loopback.joinRelay(token, ann);
        bytes.sendRaw(Payloads.random(100, 9)); // no newline: no frame the server could decode
        bytes.expectError(ErrorCode.UNEXPECTED_MESSAGE);
        bytes.expectClosed();

        exchange(loopback.openRelay(token, users.get(0), users.get(1))); // the refused ones left no trace
    }

    /**
     * The second side sends its first bytes along with its relay, before it could have read
     * relay-ready: it is refused, the relay ends, and its partner never gets those bytes.
     */
    @Test
    void bytesSentWithTheRelayBeforeRelayReadyAreUnexpectedAndNeverForwarded() {
        RendezvousServer server = loopback.server();
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        String token = loopback.introduce(users.get(0), users.get(1)).token();
        RawClient ann = loopback.joinRelay(token, users.get(0).key());
        loopback.awaitOnServer("Ann waits at the relay", () -> server.relays().waitingCount() == 1);

        RawClient bob = loopback.connect();
        byte[] join = Codec.encode(new RelayJoin(token, users.get(1).key()));
        byte[] early = Payloads.random(100, 10);
        byte[] both = new byte[join.length + early.length];
        System.arraycopy(join, 0, both, 0, join.length);
        System.arraycopy(early, 0, both, join.length, early.length);
        bob.sendRaw(both);

        bob.expectRelayReady();
        bob.expectError(ErrorCode.UNEXPECTED_MESSAGE);
        bob.expectClosed();
        ann.expectRelayReady();
        assertArrayEquals(new byte[0], ann.readRawToEnd(), "Bob's early bytes, or anything else");
        assertEquals(0, server.relayCount());
        users.forEach(RawClient::sync);
    }

    /** A relay needs a connection of its own: asking on the registered connection breaks the protocol. */
    @Test
    void aRelayOnTheRegisteredConnectionIsUnexpected() {
        List<RawClient> users = loopback.joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        String token = loopback.introduce(ann, bob).token();

        ann.send(new RelayJoin(token, ann.key()));
        ann.expectError(ErrorCode.UNEXPECTED_MESSAGE);
        ann.expectClosed();
        assertEquals(new UserLeft(ann.key()), bob.expect(UserLeft.class));
        bob.sync();
    }

    /** A few bytes each way: the relay carries both directions. */
    private static void exchange(RelayPair relay) {
        byte[] there = Payloads.random(1000, 11);
        byte[] back = Payloads.random(999, 12);
        relay.requester().sendRaw(there);
        assertArrayEquals(there, relay.target().readRaw(there.length));
        relay.target().sendRaw(back);
        assertArrayEquals(back, relay.requester().readRaw(back.length));
    }
}
