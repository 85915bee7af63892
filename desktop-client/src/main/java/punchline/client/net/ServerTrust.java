package punchline.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import punchline.common.CertifiedKey;
import punchline.common.TrustCheck;
import punchline.protocol.ErrorCode;

/**
 * TLS 1.3 to the rendezvous server (JSSE), for the server link and the relay alike: we present our
 * identity (the server checks that the hello's ID is our key's) and accept the server's certificate only
 * if it is the one pinned for this server's name in {@link KnownServers}; with no pin yet, the first one
 * seen is pinned once the handshake has succeeded (trust on first use). A changed certificate, or a server
 * that does not speak TLS, fails the handshake with an exception that says so.
 */
final class ServerTrust {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    /** How much of a plain-text answer is read to tell the user why the server said no. */
    private static final int MAX_PLAIN_ANSWER_BYTES = 512;

    /** The server presented a certificate other than the pinned one: refused until the user trusts it. */
    static final class CertificateRefused extends IOException {
        private static final long serialVersionUID = 1L;
        final String pinned;
        final String presented;

        CertificateRefused(String server, String pinned, String presented) {
            super("the server " + server + " presented a certificate other than the one you trusted (trusted "
                    + Identity.shortForm(pinned) + "…, now " + Identity.shortForm(presented) + "…): refusing it."
                    + " It may have a new identity, or someone may be in the middle. Check its fingerprint with its"
                    + " operator, then trust it (console: trust-server)");
            this.pinned = pinned;
            this.presented = presented;
        }
    }

    /** What a successful handshake found: the TLS socket, and the fingerprint pinned now if it is new. */
    record Secured(SSLSocket socket, String fingerprint, boolean firstUse) {
    }

    private final String server;
    private final KnownServers known;
    private final KeyManager[] keyManagers;

    /** {@code server} is the name pins are kept under ({@link ServerAddress#name()}). */
    ServerTrust(String server, KnownServers known, Identity identity) {
        this.server = server;
        this.known = known;
        this.keyManagers = identity.key().keyManagers();
    }

    String server() {
        return server;
    }

    /** Pins {@code fingerprint} for this server (given by the user); false when it was pinned already. */
    boolean pin(String fingerprint) {
        if (fingerprint.equals(known.pinned(server))) {
            return false;
        }
        known.pin(server, fingerprint);
        return true;
    }

    /**
     * Runs the TLS handshake over the connected {@code socket} (within its read timeout) and returns the
     * encrypted socket. Pins the certificate on first use. With {@code autoClose} closing the TLS socket
     * closes {@code socket} too; without, a failed handshake leaves it open to read a plain-text answer.
     */
    Secured secure(Socket socket, boolean autoClose) throws IOException {
        Pinning pinning = new Pinning(known.pinned(server));
        SSLSocket tls;
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers, new TrustManager[] {pinning}, null);
            tls = (SSLSocket) context.getSocketFactory().createSocket(socket, socket.getInetAddress().getHostAddress(),
                    socket.getPort(), autoClose);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        tls.setEnabledProtocols(PROTOCOLS);
        tls.setUseClientMode(true);
        try {
            tls.startHandshake();
        } catch (SSLException e) {
            if (pinning.presented != null && pinning.refused) {
                throw new CertificateRefused(server, pinning.pinned, pinning.presented);
            }
            if (saysNotTls(e)) {
                throw new IOException(autoClose ? "the server does not speak TLS" : plainAnswer(socket), e);
            }
            throw new IOException("the TLS handshake with the server failed: " + e.getMessage(), e);
        }
        boolean firstUse = pinning.pinned == null;
        if (firstUse) {
            known.pin(server, pinning.presented);
        }
        return new Secured(tls, pinning.presented, firstUse);
    }

    /** Whether JSSE read something that is not TLS at all (its exceptions carry only this text). */
    static boolean saysNotTls(SSLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext");
    }

    /**
     * The server answered our TLS hello in plain text: an old server, a server refusing us before TLS
     * (full, or too many connections from our address: see docs/protocol.md), or no Punchline server.
     * What it said is not authenticated, so it only picks one of our own sentences.
     */
    private static String plainAnswer(Socket socket) {
        byte[] bytes = new byte[MAX_PLAIN_ANSWER_BYTES];
        int length = 0;
        try {
            socket.setSoTimeout(500);
            InputStream in = socket.getInputStream();
            int n;
            while (length < bytes.length && (n = in.read(bytes, length, bytes.length - length)) > 0) {
                length += n;
            }
        } catch (IOException e) {
            // what we have is all there is
        }
        String text = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        String refusal = "the server answered in plain text instead of TLS";
        if (text.contains("\"" + ErrorCode.SERVER_FULL.name() + "\"")) {
            return refusal + ": it says it is full (not verified: plain text); trying again later";
        }
        if (text.contains("\"" + ErrorCode.TOO_MANY_CONNECTIONS.name() + "\"")) {
            return refusal + ": it says your address has too many connections (not verified: plain text)";
        }
        return refusal + " (an older Punchline server, or not a Punchline server): refusing to join it, as the"
                + " link would not be private";
    }

    /** Accepts exactly the pinned certificate, or any one when nothing is pinned yet (and remembers it). */
    private static final class Pinning extends TrustCheck {
        final String pinned;
        volatile String presented;
        volatile boolean refused;

        Pinning(String pinned) {
            super(false);
            this.pinned = pinned;
        }

        @Override
        protected void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server presented no certificate");
            }
            presented = CertifiedKey.fingerprintOf(chain[0]);
            if (pinned != null && !java.security.MessageDigest.isEqual(pinned.getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII))) {
                refused = true;
                throw new CertificateException("not the certificate pinned for this server");
            }
        }
    }
}
