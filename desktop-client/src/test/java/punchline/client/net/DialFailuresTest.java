package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import punchline.client.net.PunchOutcomes.Outcome;

/** Failures are told apart by type; the two places where the JDK only gives text are pinned here. */
class DialFailuresTest {

    @Test
    void eachExceptionTypeIsItsOutcome() {
        assertEquals(Outcome.TIMED_OUT, DialFailures.classify(new SocketTimeoutException("Connect timed out"), false));
        assertEquals(Outcome.UNREACHABLE, DialFailures.classify(new NoRouteToHostException("No route to host"), false));
        assertEquals(Outcome.ADDRESS_IN_USE, DialFailures.classify(new BindException("Address already in use"), false));
        assertEquals(Outcome.ADDRESS_IN_USE,
                DialFailures.classify(new BindException("Cannot assign requested address"), false));
        assertEquals(Outcome.REFUSED, DialFailures.classify(new ConnectException("Connection refused"), false));
        assertEquals(Outcome.TIMED_OUT, DialFailures.classify(new ConnectException("Connection timed out"), false));
    }

    @Test
    void anythingElseCountsAsTimedOutWhenThePunchCutTheDialElseAsOther() {
        assertEquals(Outcome.TIMED_OUT, DialFailures.classify(new SocketException("Socket closed"), true));
        assertEquals(Outcome.OTHER, DialFailures.classify(new SocketException("Network is unreachable"), false));
        assertEquals(Outcome.OTHER, DialFailures.classify(new IOException("Address already in use"), false),
                "the text no longer decides");
    }

    @Test
    void aRealRefusalOnLoopbackIsRefused() throws IOException {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        try (Socket socket = new Socket()) {
            IOException e = assertThrows(IOException.class,
                    () -> socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), closed), 2_000));
            assertEquals(Outcome.REFUSED, DialFailures.classify(e, false), e.toString());
        }
    }

    @Test
    void aRealPortClashIsAddressInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = new Socket()) {
            IOException e = assertThrows(IOException.class,
                    () -> socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())));
            assertEquals(Outcome.ADDRESS_IN_USE, DialFailures.classify(e, false), e.toString());
        }
    }

    @Test
    void onlyTheKernelsTimeoutInsideAConnectExceptionReadsAsTimedOut() {
        assertTrue(DialFailures.kernelTimedOut(new ConnectException("Connection timed out")));
        assertFalse(DialFailures.kernelTimedOut(new ConnectException("Connection refused")));
        assertFalse(DialFailures.kernelTimedOut(new ConnectException()));
    }

    @Test
    void aCertificateProblemIsOursByTypeOrTheirsByJssesWords() {
        SSLException ours = new SSLHandshakeException("certificate_unknown handshake failure");
        ours.initCause(new CertificateException("not the one the server introduced"));
        assertTrue(CandidateHandshake.isCertificateProblem(ours), "our pinning trust manager refused theirs");
        SSLException oursInOtherWords = new SSLHandshakeException("PKIX path validation failed");
        oursInOtherWords.initCause(new CertificateException("not the one the server introduced"));
        assertTrue(CandidateHandshake.isCertificateProblem(oursInOtherWords), "by the cause's type, not its text");
        assertTrue(CandidateHandshake.isCertificateProblem(new SSLHandshakeException("Received fatal alert: bad_certificate")));
        assertTrue(CandidateHandshake.isCertificateProblem(
                new SSLHandshakeException("Received fatal alert: certificate_unknown")));
        assertTrue(CandidateHandshake.isCertificateProblem(new SSLHandshakeException("Empty client certificate chain")));
        assertFalse(CandidateHandshake.isCertificateProblem(
                new SSLHandshakeException("Received fatal alert: handshake_failure")));
        assertFalse(CandidateHandshake.isCertificateProblem(new SSLException("Connection reset")));
    }

    /**
     * Two real TLS ends on loopback, the acceptor pinning another certificate: the refusing end sees a
     * certificate problem. The refused end sees it too when the alert reaches it first; but TLS 1.3 lets it
     * send its last flight after the refusal was decided, and the refusing end closes with that flight
     * unread, so the refused end may hear a reset (or a broken pipe) before the alert. Both are real
     * outcomes of the same refusal; anything else (a completed handshake, another TLS error) fails.
     */
    @Test
    void aRealRefusedCertificateIsACertificateProblemOnBothEnds() throws Exception {
        Identity client = Identity.generate();
        Identity server = Identity.generate();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket dialled = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            dialled.setSoTimeout(10_000);
            accepted.setSoTimeout(10_000);
            java.util.concurrent.CompletableFuture<SSLException> serverSide = new java.util.concurrent.CompletableFuture<>();
            Threads.start("test-tls-server", () -> {
                try {
                    new PeerTls(server).secure(accepted, null, new PeerTls.Pin(Identity.generate().fingerprint(), null), false); // not the client's
                    serverSide.complete(null);
                } catch (SSLException e) {
                    serverSide.complete(e);
                } catch (IOException e) {
                    serverSide.completeExceptionally(e);
                }
            });
            IOException clientSide = assertThrows(IOException.class, () -> {
                // TLS 1.3: the client may finish first and hear the refusal on its first read.
                new PeerTls(client).secure(dialled, null, new PeerTls.Pin(server.fingerprint(), null), true).getInputStream().read();
            });
            SSLException refused = serverSide.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(CandidateHandshake.isCertificateProblem(refused), String.valueOf(refused));
            if (clientSide instanceof SSLException tls) {
                assertTrue(CandidateHandshake.isCertificateProblem(tls), tls.toString());
            } else {
                assertTrue(clientSide instanceof java.net.SocketException, "torn down, not " + clientSide);
            }
        }
    }
}
