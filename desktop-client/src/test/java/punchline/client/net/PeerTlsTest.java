package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pins of a peer link hold on every connection. JSSE resumes a TLS 1.3 session with an address it
 * has talked to before, and a resumed handshake carries no certificate: the trust manager is not asked.
 * A session with one peer must never stand in for another that the server introduces at that address.
 */
@Timeout(30)
class PeerTlsTest {
    private final Identity mine = Identity.generate();
    private final Identity peers = Identity.generate();
    private final Identity someoneElse = Identity.generate();

    @Test
    void aSessionWithOnePeerDoesNotPassForAnotherAtTheSameAddress() throws Exception {
        // Later the server says someone else is at that address (a NAT reused the port, or it lies):
        // the TLS server there is the old peer, whose session we could resume.
        Throwable refused = secondChatRefused(pinOf(someoneElse), pinOf(mine));
        assertTrue(refused instanceof SSLException tls && CandidateHandshake.isCertificateProblem(tls),
                "refused over the certificate: " + refused);
    }

    @Test
    void aSessionWithOnePeerDoesNotPassForAnotherOnTheListeningSide() throws Exception {
        // The listening side is told to expect someone else this time.
        Throwable refused = secondChatRefused(pinOf(peers), pinOf(someoneElse));
        assertTrue(refused instanceof SSLException tls && CandidateHandshake.isCertificateProblem(tls),
                "the listening side refused over the certificate: " + refused);
    }

    /**
     * A chat with both pins right, then one at the same address with {@code clientPins} and
     * {@code serverPins}, which must fail; returns why.
     */
    private Throwable secondChatRefused(PeerTls.Pin clientPins, PeerTls.Pin serverPins) throws Exception {
        PeerTls myTls = new PeerTls(mine);
        PeerTls theirTls = new PeerTls(peers);
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            chat(myTls, theirTls, listener, pinOf(peers), pinOf(mine));
            return assertThrows(ExecutionException.class,
                    () -> chat(myTls, theirTls, listener, clientPins, serverPins)).getCause();
        }
    }

    /** Both pins right, twice in a row: the second chat still connects (resumed or not). */
    @Test
    void theSamePeerConnectsAgain() throws Exception {
        PeerTls myTls = new PeerTls(mine);
        PeerTls theirTls = new PeerTls(peers);
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            chat(myTls, theirTls, listener, pinOf(peers), pinOf(mine));
            chat(myTls, theirTls, listener, pinOf(peers), pinOf(mine));
        }
    }

    private static PeerTls.Pin pinOf(Identity identity) {
        return new PeerTls.Pin(identity.fingerprint(), null);
    }

    /**
     * A handshake from us (the TLS client) to the listener (the TLS server), then a byte each way, which
     * also lets the server's session ticket arrive, as it does on a real link. Fails with the first side's
     * failure.
     */
    private static void chat(PeerTls client, PeerTls server, ServerSocket listener, PeerTls.Pin clientPins,
                             PeerTls.Pin serverPins) throws Exception {
        try (Socket dialled = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            dialled.setSoTimeout(10_000);
            accepted.setSoTimeout(10_000);
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try (SSLSocket tls = server.secure(accepted, null, serverPins, false)) {
                    tls.getOutputStream().write(1);
                    tls.getOutputStream().flush();
                    if (tls.getInputStream().read() != 2) {
                        throw new IOException("no byte from the client");
                    }
                } catch (IOException e) {
                    Sockets.abort(accepted);
                    throw new UncheckedIOException(e);
                }
            });
            try (SSLSocket tls = client.secure(dialled, null, clientPins, true)) {
                if (tls.getInputStream().read() != 1) {
                    throw new IOException("no byte from the server");
                }
                tls.getOutputStream().write(2);
                tls.getOutputStream().flush();
            } catch (IOException e) {
                Sockets.abort(dialled);
                Throwable serverFailure = serving.handle((ok, failed) -> failed).get(10, TimeUnit.SECONDS);
                // The side that refused says why; the other only saw the connection end.
                throw new ExecutionException(serverFailure == null || isCertificateRefusal(e) ? e
                        : unwrap(serverFailure));
            }
            try {
                serving.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new ExecutionException(unwrap(e.getCause()));
            }
        }
    }

    private static boolean isCertificateRefusal(IOException e) {
        return e instanceof SSLException tls && CandidateHandshake.isCertificateProblem(tls);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
        return cause instanceof UncheckedIOException unchecked ? unchecked.getCause() : cause;
    }
}
