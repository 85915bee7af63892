package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.ClientEvent.Route;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * The candidate handshake's wire order and checks, against a hand-driven other end on loopback: nothing
 * waits that need not, and a wrong, replayed or outdated answer is refused in words.
 */
@Timeout(30)
class CandidateHandshakeTest {
    private final Identity ours = Identity.generate();
    private final Identity theirs = Identity.generate();

    @Test
    void theInitiatorSendsItsClientHelloRightBehindItsHelloBeforeHearingAnything() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket dialled = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            CompletableFuture<Object> initiator = run(dialled, Role.INITIATOR);
            accepted.setSoTimeout(10_000);
            InputStream in = accepted.getInputStream();
            PeerHello hello = Codec.decode(Sockets.readFrameUnbuffered(in, 1024), PeerHello.class);
            assertEquals(CandidateHandshake.PEER_VERSION, hello.version());
            assertEquals(0x16, in.read(), "a TLS handshake record follows the hello before we sent a byte");
            Sockets.abort(accepted);
            assertTrue(initiator.get(10, TimeUnit.SECONDS) instanceof Exception);
        }
    }

    @Test
    void aProofMadeForAnotherConnectionIsRefused() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket dialled = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            CompletableFuture<Object> initiator = run(dialled, Role.INITIATOR);
            accepted.setSoTimeout(10_000);
            PeerHello hello = Codec.decode(Sockets.readFrameUnbuffered(accepted.getInputStream(), 1024),
                    PeerHello.class);
            String nonce = PeerAuth.newNonce();
            Sockets.write(accepted.getOutputStream(), new PeerHello(CandidateHandshake.PEER_VERSION, "bbbbbb",
                    hello.session(), nonce));
            // A proof seen on an earlier connection: right token and keys, but the initiator's nonce of then.
            Sockets.write(accepted.getOutputStream(), new PeerProof(PeerAuth.proof(token(), "bbbbbb", "aaaaaa", nonce,
                    PeerAuth.newNonce())));
            Object outcome = initiator.get(10, TimeUnit.SECONDS);
            assertTrue(outcome instanceof CandidateHandshake.Rejected, String.valueOf(outcome));
            assertEquals("could not prove it knows the session token", ((Exception) outcome).getMessage());
        }
    }

    @Test
    void aHelloOfTheFirstPeerProtocolIsRefusedInWords() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket dialled = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            CompletableFuture<Object> responder = run(accepted, Role.RESPONDER);
            Sockets.write(dialled.getOutputStream(), new PeerHello(1, "bbbbbb",
                    PeerAuth.sessionId(token()), PeerAuth.newNonce()));
            Object outcome = responder.get(10, TimeUnit.SECONDS);
            assertTrue(outcome instanceof CandidateHandshake.Rejected, String.valueOf(outcome));
            assertTrue(((Exception) outcome).getMessage().contains("older Punchline"), String.valueOf(outcome));
        }
    }

    @Test
    void aProofOnlyVerifiesForItsOwnDirectionAndNonces() {
        byte[] token = token();
        String a = PeerAuth.newNonce();
        String b = PeerAuth.newNonce();
        String annToBob = PeerAuth.proof(token, "aaaaaa", "bbbbbb", a, b);
        assertTrue(PeerAuth.verify(annToBob, token, "aaaaaa", "bbbbbb", a, b));
        assertFalse(PeerAuth.verify(annToBob, token, "bbbbbb", "aaaaaa", b, a), "reflected back to its maker");
        assertFalse(PeerAuth.verify(annToBob, token, "aaaaaa", "bbbbbb", a, PeerAuth.newNonce()), "replayed");
    }

    /** Our side of the handshake on {@code socket}, towards "bbbbbb"; completes with its channel or its exception. */
    private CompletableFuture<Object> run(Socket socket, Role role) {
        Introduce intro = new Introduce("bbbbbb", "Bob", Endpoint.parse("127.0.0.1:1"), List.of(), PunchHarness.TOKEN,
                role, 0, false, theirs.fingerprint(), NatType.EASY);
        CandidateHandshake handshake = new CandidateHandshake("aaaaaa", new PeerTls(ours), intro,
                PeerAuth.sessionId(token()));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Threads.start("test-handshake", () -> {
            try {
                outcome.complete(handshake.run(socket, null, Endpoint.parse("127.0.0.1:1"), Route.DIRECT));
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        return outcome;
    }

    private static byte[] token() {
        return java.util.Base64.getUrlDecoder().decode(PunchHarness.TOKEN);
    }
}
