package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.Message;
import punchline.protocol.PeerMessage;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ServerMessage.Role;

/** The punch state machine on loopback, with strangers, wrong tokens and closed ports in the way. */
@Timeout(60)
class PunchAttemptTest {
    private static final String WRONG_TOKEN = "_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-8";

    @Test
    void twoSidesConnectAndTheWinnerCarriesChat() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb")) {
            ann.punch(PunchHarness.introFor(bob, Role.INITIATOR), Duration.ofSeconds(5));
            bob.punch(PunchHarness.introFor(ann, Role.RESPONDER), Duration.ofSeconds(5));
            PeerChannel annSide = ann.connected.get(10, TimeUnit.SECONDS);
            PeerChannel bobSide = bob.connected.get(10, TimeUnit.SECONDS);
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
             Stranger stranger = new Stranger("cccccc", null)) {
            // Same NAT: Ann tries Bob's private endpoints first, and one of them is someone else's machine.
            ann.punch(PunchHarness.intro(bob.key, Role.INITIATOR, PunchHarness.TOKEN, bob.endpoint(),
                    List.of(stranger.endpoint()), true), Duration.ofSeconds(5));
            bob.punch(PunchHarness.introFor(ann, Role.RESPONDER), Duration.ofSeconds(5));
            assertEquals(bob.endpoint(), ann.connected.get(10, TimeUnit.SECONDS).remote());
            assertTrue(stranger.closedWithoutChosen.get(10, TimeUnit.SECONDS), "the stranger was never chosen");
            assertTrue(ann.log.contains("attempt " + stranger.endpoint()));
        }
    }

    @Test
    void onlyAStrangerAnsweringMeansAnAuthenticationFailure() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); Stranger stranger = new Stranger("cccccc", null)) {
            ann.punch(PunchHarness.intro("bbbbbb", Role.INITIATOR, PunchHarness.TOKEN, stranger.endpoint(),
                    List.of(), false), Duration.ofSeconds(2));
            String reason = ann.failed.get(10, TimeUnit.SECONDS);
            assertEquals(ClientEvent.FailureKind.AUTHENTICATION, ann.failureKind);
            assertTrue(reason.contains("answered as cccccc"), reason);
            assertTrue(!ann.connected.isDone());
        }
    }

    @Test
    void aPeerWithTheWrongTokenIsRejected() throws Exception {
        // It answers with the right key and session (copied from our hello) but cannot prove the token.
        try (PunchHarness ann = new PunchHarness("aaaaaa"); Stranger impostor = new Stranger("bbbbbb", WRONG_TOKEN)) {
            ann.punch(PunchHarness.intro("bbbbbb", Role.INITIATOR, PunchHarness.TOKEN, impostor.endpoint(),
                    List.of(), false), Duration.ofSeconds(2));
            String reason = ann.failed.get(10, TimeUnit.SECONDS);
            assertEquals(ClientEvent.FailureKind.AUTHENTICATION, ann.failureKind);
            assertTrue(reason.contains("could not prove"), reason);
            assertTrue(impostor.closedWithoutChosen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClosedPortIsRetriedUntilTheDeadlineThenReportedAsRefused() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (PunchHarness ann = new PunchHarness("aaaaaa")) {
            long start = System.nanoTime();
            ann.punch(PunchHarness.intro("bbbbbb", Role.INITIATOR, PunchHarness.TOKEN,
                    new Endpoint("127.0.0.1", closedPort), List.of(), false), Duration.ofSeconds(2));
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
    void ourOwnEndpointsAreNeverDialled() throws Exception {
        try (PunchHarness ann = new PunchHarness("aaaaaa"); PunchHarness bob = new PunchHarness("bbbbbb")) {
            PunchAttempt attempt = ann.punch(PunchHarness.intro(bob.key, Role.INITIATOR, PunchHarness.TOKEN,
                    bob.endpoint(), List.of(ann.endpoint(), bob.endpoint()), true), Duration.ofSeconds(1));
            assertEquals(List.of(bob.endpoint()), attempt.candidates());
        }
    }

    /**
     * Someone else listening where a private endpoint points: answers the hello as {@code key}; with a
     * token it also sends a (wrong) proof. Records whether we closed on it without choosing it.
     */
    private static final class Stranger implements AutoCloseable {
        final CompletableFuture<Boolean> closedWithoutChosen = new CompletableFuture<>();
        private final ServerSocket server;

        Stranger(String key, String token) throws IOException {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> serve(key, token), "test-stranger");
            thread.setDaemon(true);
            thread.start();
        }

        Endpoint endpoint() {
            return new Endpoint("127.0.0.1", server.getLocalPort());
        }

        private void serve(String key, String token) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                PeerHello theirs = Codec.decode(Sockets.readFrameUnbuffered(socket.getInputStream(), 1024),
                        PeerHello.class);
                Sockets.write(socket.getOutputStream(), new PeerHello(1, key, theirs.session(), PeerAuth.newNonce()));
                if (token != null) {
                    byte[] wrong = java.util.Base64.getUrlDecoder().decode(token);
                    Sockets.write(socket.getOutputStream(), new PeerProof(
                            PeerAuth.proof(wrong, key, theirs.key(), "n", theirs.nonce())));
                }
                FrameReader reader = new FrameReader(socket.getInputStream());
                while (true) {
                    PeerMessage message = reader.read(PeerMessage.class);
                    if (message == null) {
                        closedWithoutChosen.complete(true);
                        return;
                    }
                    if (message instanceof PeerMessage.Chosen) {
                        closedWithoutChosen.complete(false);
                        return;
                    }
                    if (!(message instanceof PeerProof) && !(message instanceof Message.Bye)) {
                        closedWithoutChosen.complete(false);
                        return;
                    }
                }
            } catch (Exception e) {
                closedWithoutChosen.complete(true); // reset by the punch: closed on us
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
