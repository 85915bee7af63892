package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ServerMessage.Role;

/** The punch state machine on loopback, with strangers, impostors and closed ports in the way. */
@Timeout(60)
class PunchAttemptTest {
    private static final String WRONG_TOKEN = "_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-8";

    @Test
    void twoSidesConnectOverPinnedTlsAndTheWinnerCarriesChat() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb")) {
            ann.punch(PunchHarness.introFor(bob, Role.INITIATOR), Duration.ofSeconds(5));
            bob.punch(PunchHarness.introFor(ann, Role.RESPONDER), Duration.ofSeconds(5));
            PeerChannel annSide = ann.connected.get(10, TimeUnit.SECONDS);
            PeerChannel bobSide = bob.connected.get(10, TimeUnit.SECONDS);
            assertEquals("TLSv1.3", ((SSLSocket) annSide.socket()).getSession().getProtocol());
            assertEquals(bob.identity.fingerprint(), Identity.fingerprintOf(
                    (java.security.cert.X509Certificate) ((SSLSocket) annSide.socket()).getSession()
                            .getPeerCertificates()[0]), "Ann talks to Bob's certificate");
            // The same TCP connection on both sides: what one writes, the other reads.
            Sockets.write(annSide.out(), new PeerMessage.Chat(1, "over the punched link", 1));
            assertEquals("over the punched link", ((PeerMessage.Chat) bobSide.reader().read(PeerMessage.class)).text());
            assertEquals(annSide.socket().getLocalPort(), bobSide.socket().getPort());
            assertEquals(List.of("attempt " + bob.endpoint(), "connected " + annSide.remote()), ann.log);
        }
    }

    @Test
    void aStrangerAtAPrivateEndpointIsRejectedAndTheRealPeerWins() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb");
             Stranger stranger = Stranger.answeringAs("cccccc")) {
            // Same NAT: Ann tries Bob's private endpoints first, and one of them is someone else's machine.
            ann.punch(PunchHarness.intro(bob.key, bob.identity.fingerprint(), Role.INITIATOR, PunchHarness.TOKEN,
                    bob.endpoint(), List.of(stranger.endpoint()), true), Duration.ofSeconds(5));
            bob.punch(PunchHarness.introFor(ann, Role.RESPONDER), Duration.ofSeconds(5));
            assertEquals(bob.endpoint(), ann.connected.get(10, TimeUnit.SECONDS).remote());
            assertTrue(stranger.closedWithoutChosen.get(10, TimeUnit.SECONDS), "the stranger was never chosen");
            assertTrue(ann.log.contains("attempt " + stranger.endpoint()));
        }
    }

    @Test
    void onlyAStrangerAnsweringMeansAnAuthenticationFailure() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); Stranger stranger = Stranger.answeringAs("cccccc")) {
            ann.punch(PunchHarness.intro("bbbbbb", Identity.generate().fingerprint(), Role.INITIATOR,
                    PunchHarness.TOKEN, stranger.endpoint(), List.of(), false), Duration.ofSeconds(2));
            String reason = ann.failed.get(10, TimeUnit.SECONDS);
            assertEquals(ClientEvent.FailureKind.AUTHENTICATION, ann.failureKind);
            assertTrue(reason.contains("answered as cccccc"), reason);
            assertTrue(!ann.connected.isDone());
        }
    }

    @Test
    void aStrangerWithTheRightKeyButTheWrongCertificateFailsTheTlsHandshake() throws Exception {
        Identity expected = Identity.generate();
        // It knows the token (the server does): only its certificate gives it away.
        try (PunchHarness ann = new PunchHarness("aaaaaa");
             Stranger impostor = Stranger.withCertificate("bbbbbb", Identity.generate(), PunchHarness.TOKEN)) {
            ann.punch(PunchHarness.intro("bbbbbb", expected.fingerprint(), Role.INITIATOR, PunchHarness.TOKEN,
                    impostor.endpoint(), List.of(), false), Duration.ofSeconds(2));
            String reason = ann.failed.get(10, TimeUnit.SECONDS);
            assertEquals(ClientEvent.FailureKind.AUTHENTICATION, ann.failureKind);
            assertTrue(reason.contains("certificate is not"), reason);
            assertTrue(impostor.closedWithoutChosen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPeerWithTheRightCertificateButTheWrongTokenIsRejected() throws Exception {
        // Bob's key pair in the wrong hands (or an old session): TLS passes, the token proof does not.
        Identity bobs = Identity.generate();
        try (PunchHarness ann = new PunchHarness("aaaaaa");
             Stranger impostor = Stranger.withCertificate("bbbbbb", bobs, WRONG_TOKEN)) {
            impostor.expectPeer(ann.identity.fingerprint());
            ann.punch(PunchHarness.intro("bbbbbb", bobs.fingerprint(), Role.INITIATOR, PunchHarness.TOKEN,
                    impostor.endpoint(), List.of(), false), Duration.ofSeconds(2));
            String reason = ann.failed.get(10, TimeUnit.SECONDS);
            assertEquals(ClientEvent.FailureKind.AUTHENTICATION, ann.failureKind);
            assertTrue(reason.contains("could not prove"), reason);
            assertTrue(impostor.closedWithoutChosen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClosedPortIsRetriedUntilTheDeadlineThenReportedAsRefused() throws Exception {
        int closedPort = closedPort();
        try (PunchHarness ann = new PunchHarness("aaaaaa")) {
            long start = System.nanoTime();
            ann.punch(PunchHarness.intro("bbbbbb", Identity.generate().fingerprint(), Role.INITIATOR,
                    PunchHarness.TOKEN, new Endpoint("127.0.0.1", closedPort), List.of(), false), Duration.ofSeconds(2));
            String reason = ann.failed.get(10, TimeUnit.SECONDS);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(ClientEvent.FailureKind.REFUSED, ann.failureKind);
            assertTrue(reason.contains("refused"), reason);
            assertTrue(ann.dials >= 3, "retried: " + ann.dials + " dials");
            assertTrue(elapsedMillis >= 2000, "gave up before the deadline: " + elapsedMillis + " ms");
            assertEquals(List.of("attempt 127.0.0.1:" + closedPort, "failed REFUSED"), ann.log);
        }
    }

    @Test
    void unpunchableNatsWithoutARelayFailAtOnceWithTheReason() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa")) {
            long start = System.nanoTime();
            ann.punch(new punchline.protocol.ServerMessage.Introduce("bbbbbb", "Bob",
                    new Endpoint("127.0.0.1", closedPort()), List.of(), PunchHarness.TOKEN, Role.INITIATOR, 0, false,
                    Identity.generate().fingerprint(), NatType.SYMMETRIC), Duration.ofSeconds(10), NatType.EASY, null);
            String reason = ann.failed.get(5, TimeUnit.SECONDS);
            assertEquals(ClientEvent.FailureKind.SYMMETRIC_NAT, ann.failureKind);
            assertTrue(reason.contains("Bob's router changes ports for every destination"), reason);
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10, "did not wait out the deadline");
            assertEquals(List.of("failed SYMMETRIC_NAT"), ann.log, "no dial at all");
        }
    }

    @Test
    void ourOwnEndpointsAreNeverDialled() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb")) {
            PunchAttempt attempt = ann.punch(PunchHarness.intro(bob.key, bob.identity.fingerprint(), Role.INITIATOR,
                    PunchHarness.TOKEN, bob.endpoint(), List.of(ann.endpoint(), bob.endpoint()), true),
                    Duration.ofSeconds(1));
            assertEquals(List.of(bob.endpoint()), attempt.candidates());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * Someone else listening where an endpoint points. Answers the hello as {@code key}; with a token it
     * sends a proof made from it, with an identity it also runs TLS as the responder.
     * Records whether we closed on it without ever choosing it.
     */
    private static final class Stranger implements AutoCloseable {
        final CompletableFuture<Boolean> closedWithoutChosen = new CompletableFuture<>();
        private final ServerSocket server;
        private volatile String expectedPeerFingerprint = Identity.generate().fingerprint();

        private Stranger(String key, Identity identity, String token) throws IOException {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> serve(key, identity, token), "test-stranger");
            thread.setDaemon(true);
            thread.start();
        }

        static Stranger answeringAs(String key) throws IOException {
            return new Stranger(key, null, null);
        }

        static Stranger withCertificate(String key, Identity identity, String token) throws IOException {
            return new Stranger(key, identity, token);
        }

        void expectPeer(String fingerprint) {
            expectedPeerFingerprint = fingerprint;
        }

        Endpoint endpoint() {
            return new Endpoint("127.0.0.1", server.getLocalPort());
        }

        private void serve(String key, Identity identity, String token) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                PeerHello theirs = Codec.decode(Sockets.readFrameUnbuffered(socket.getInputStream(), 1024),
                        PeerHello.class);
                String nonce = PeerAuth.newNonce();
                Sockets.write(socket.getOutputStream(), new PeerHello(CandidateHandshake.PEER_VERSION, key,
                        theirs.session(), nonce));
                if (token != null) {
                    Sockets.write(socket.getOutputStream(), new PeerProof(PeerAuth.proof(
                            Base64.getUrlDecoder().decode(token), key, theirs.key(), nonce, theirs.nonce())));
                }
                Socket stream = socket;
                if (identity != null) {
                    stream = new PeerTls(identity).secure(socket, null, new PeerTls.Pin(expectedPeerFingerprint, null),
                            false);
                }
                FrameReader reader = new FrameReader(stream.getInputStream());
                while (true) {
                    PeerMessage message = reader.read(PeerMessage.class);
                    if (message == null) {
                        closedWithoutChosen.complete(true);
                        return;
                    }
                    if (!(message instanceof PeerProof)) {
                        closedWithoutChosen.complete(false); // chosen, or chat: it was taken for the peer
                        return;
                    }
                }
            } catch (Exception e) {
                closedWithoutChosen.complete(true); // reset or refused by the punch: closed on us
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
