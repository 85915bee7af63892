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

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * Each way through the punch's state machine with real sockets on loopback (a stand-in relay where one
 * is needed): the states gone through, what the listener heard in which order, and never under the
 * attempt's lock.
 */
@Timeout(60)
class PunchPathsTest {

    @Test
    void aDirectPunchCommitsToOneCandidateThenConnects() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb")) {
            PunchAttempt annAttempt = ann.punch(PunchHarness.introFor(bob, Role.INITIATOR), Duration.ofSeconds(5));
            PunchAttempt bobAttempt = bob.punch(PunchHarness.introFor(ann, Role.RESPONDER), Duration.ofSeconds(5));
            ann.connected.get(10, TimeUnit.SECONDS);
            bob.connected.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(SCHEDULED, PUNCHING, COMMITTING, CONNECTED), annAttempt.history());
            assertEquals(List.of(SCHEDULED, PUNCHING, COMMITTING, CONNECTED), bobAttempt.history());
            assertNeverUnderLock(ann);
            assertNeverUnderLock(bob);
        }
    }

    @Test
    void aPunchThatHasNotWonWithinTheBudgetRacesTheRelayWhichCarriesTheChat() throws Exception {
        Endpoint closed = closedEndpoint();
        try (SpliceRelay relay = SpliceRelay.splicing(); PunchHarness ann = new PunchHarness("aaaaaa");
             PunchHarness bob = new PunchHarness("bbbbbb")) {
            PunchAttempt annAttempt = ann.punch(towards(bob, Role.INITIATOR, closed), Duration.ofSeconds(10),
                    NatType.EASY, relay.address());
            PunchAttempt bobAttempt = bob.punch(towards(ann, Role.RESPONDER, closed), Duration.ofSeconds(10),
                    NatType.EASY, relay.address());
            PeerChannel annSide = ann.connected.get(20, TimeUnit.SECONDS);
            PeerChannel bobSide = bob.connected.get(20, TimeUnit.SECONDS);

            assertEquals(ClientEvent.Route.RELAY, annSide.route());
            assertEquals(List.of("attempt " + closed, "relaying", "connected " + Endpoint.of(relay.address())),
                    ann.log, "attempts, then relaying, then one connected");
            assertEquals(List.of(SCHEDULED, PUNCHING, RACING, COMMITTING, CONNECTED), annAttempt.history(),
                    "the relay came up within the budget, long before the 10 s deadline");
            assertEquals(List.of(SCHEDULED, PUNCHING, RACING, COMMITTING, CONNECTED), bobAttempt.history());
            assertTrue(ann.relayBeatPunch && bob.relayBeatPunch, "the punch was still on: keep trying it");
            Sockets.write(annSide.out(), new PeerMessage.Chat(1, "through the relay", 1));
            assertEquals("through the relay", ((PeerMessage.Chat) bobSide.reader().read(PeerMessage.class)).text());
            assertNeverUnderLock(ann);
            assertNeverUnderLock(bob);
        }
    }

    @Test
    void aDirectCandidateCanStillWinWhileTheRelayIsTried() throws Exception {
        try (SpliceRelay relay = SpliceRelay.splicing(); PunchHarness ann = new PunchHarness("aaaaaa");
             PunchHarness bob = new PunchHarness("bbbbbb")) {
            // Bob starts only once Ann races the relay, and never joins it himself: only the direct path can win.
            java.util.concurrent.atomic.AtomicBoolean bobStarted = new java.util.concurrent.atomic.AtomicBoolean();
            ann.inEachCall = attempt -> {
                if (ann.log.contains("relaying") && bobStarted.compareAndSet(false, true)) {
                    bob.punch(PunchHarness.introFor(ann, Role.RESPONDER), Duration.ofSeconds(10));
                }
            };
            PunchAttempt annAttempt = ann.punch(PunchHarness.introFor(bob, Role.INITIATOR), Duration.ofSeconds(10),
                    NatType.EASY, relay.address());
            PeerChannel annSide = ann.connected.get(20, TimeUnit.SECONDS);
            bob.connected.get(20, TimeUnit.SECONDS);
            assertEquals(ClientEvent.Route.DIRECT, annSide.route());
            assertEquals(List.of(SCHEDULED, PUNCHING, RACING, COMMITTING, CONNECTED), annAttempt.history());
            assertFalse(ann.relayBeatPunch);
        }
    }

    @Test
    void aPunchShorterThanTheBudgetRunsOutThenFallsBackToTheRelay() throws Exception {
        Endpoint closed = closedEndpoint();
        try (SpliceRelay relay = SpliceRelay.splicing(); PunchHarness ann = new PunchHarness("aaaaaa");
             PunchHarness bob = new PunchHarness("bbbbbb")) {
            Duration shorterThanTheBudget = Duration.ofMillis(RelayBudget.MIN_MILLIS - 200);
            PunchAttempt annAttempt = ann.punch(towards(bob, Role.INITIATOR, closed), shorterThanTheBudget,
                    NatType.EASY, relay.address());
            bob.punch(towards(ann, Role.RESPONDER, closed), shorterThanTheBudget, NatType.EASY, relay.address());
            assertEquals(ClientEvent.Route.RELAY, ann.connected.get(20, TimeUnit.SECONDS).route());
            assertEquals(List.of(SCHEDULED, PUNCHING, RELAYING, COMMITTING, CONNECTED), annAttempt.history());
            assertFalse(ann.relayBeatPunch, "the punch had run out: no reason to try it again at once");
        }
    }

    @Test
    void natsThatCannotPunchGoStraightToTheRelay() throws Exception {
        Endpoint closed = closedEndpoint();
        try (SpliceRelay relay = SpliceRelay.splicing(); PunchHarness ann = new PunchHarness("aaaaaa");
             PunchHarness bob = new PunchHarness("bbbbbb")) {
            PunchAttempt annAttempt = ann.punch(towards(bob, Role.INITIATOR, closed, NatType.SYMMETRIC),
                    Duration.ofSeconds(10), NatType.SYMMETRIC, relay.address());
            bob.punch(towards(ann, Role.RESPONDER, closed, NatType.SYMMETRIC), Duration.ofSeconds(10),
                    NatType.SYMMETRIC, relay.address());
            ann.connected.get(20, TimeUnit.SECONDS);
            assertEquals(List.of("relaying", "connected " + Endpoint.of(relay.address())), ann.log, "no dial at all");
            assertEquals(List.of(SCHEDULED, RELAYING, COMMITTING, CONNECTED), annAttempt.history());
            assertNeverUnderLock(ann);
        }
    }

    @Test
    void aRelayThatRefusesEndsInOneFailureCarryingBothReasons() throws Exception {
        Endpoint closed = closedEndpoint();
        try (SpliceRelay relay = SpliceRelay.refusing("no such session");
             PunchHarness ann = new PunchHarness("aaaaaa")) {
            PunchAttempt attempt = ann.punch(towards("bbbbbb", Role.INITIATOR, closed, NatType.EASY),
                    Duration.ofSeconds(1), NatType.EASY, relay.address());
            String reason = ann.failed.get(20, TimeUnit.SECONDS);
            assertEquals(ClientEvent.FailureKind.REFUSED, ann.failureKind, "the kind says why the direct path failed");
            assertTrue(reason.contains("refused every connection attempt"), reason);
            assertTrue(reason.contains("the relay did not connect either (the server said: no such session)"), reason);
            assertEquals(List.of("attempt " + closed, "relaying", "failed REFUSED"), ann.log);
            assertEquals(List.of(SCHEDULED, PUNCHING, RACING, FAILED), attempt.history(),
                    "the relay refused while the punch raced it: the punch went on to its deadline");
            assertNeverUnderLock(ann);
        }
    }

    @Test
    void cancellingEndsThePunchSilentlyAndClosesItsDials() throws Exception {
        Endpoint closed = closedEndpoint();
        try (PunchHarness ann = new PunchHarness("aaaaaa")) {
            PunchAttempt attempt = ann.punch(towards("bbbbbb", Role.INITIATOR, closed, NatType.EASY),
                    Duration.ofSeconds(30), NatType.EASY, null);
            while (ann.log.isEmpty()) {
                Thread.onSpinWait(); // until the punch has started dialling
            }
            attempt.cancel();
            assertEquals(List.of(SCHEDULED, PUNCHING, CANCELLED), attempt.history());
            attempt.cancel();
            assertEquals(List.of(SCHEDULED, PUNCHING, CANCELLED), attempt.history(), "a second cancel changes nothing");
            ann.close(); // waits for the attempt's threads
            assertEquals(List.of("attempt " + closed), ann.log, "nothing heard after the cancel");
            assertFalse(ann.failed.isDone());
        }
    }

    private static void assertNeverUnderLock(PunchHarness side) {
        assertFalse(side.calledUnderLock.isEmpty());
        assertTrue(side.calledUnderLock.stream().noneMatch(held -> held), "a listener call under the lock");
    }

    private static Introduce towards(PunchHarness peer, Role role, Endpoint publicEndpoint) {
        return PunchHarness.intro(peer.key, peer.identity.fingerprint(), role, PunchHarness.TOKEN, publicEndpoint,
                List.of(), false);
    }

    private static Introduce towards(PunchHarness peer, Role role, Endpoint publicEndpoint, NatType peerNat) {
        return new Introduce(peer.key, "peer-" + peer.key, publicEndpoint, List.of(), PunchHarness.TOKEN, role, 0, false,
                peer.identity.fingerprint(), peerNat);
    }

    private static Introduce towards(String peer, Role role, Endpoint publicEndpoint, NatType peerNat) {
        return new Introduce(peer, "Bob", publicEndpoint, List.of(), PunchHarness.TOKEN, role, 0, false,
                Identity.generate().fingerprint(), peerNat);
    }

    private static Endpoint closedEndpoint() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Endpoint("127.0.0.1", probe.getLocalPort());
        }
    }
}
