package punchline.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import punchline.protocol.UserId;

/**
 * TLS 1.3 on a peer link, with both certificates pinned: each side presents its identity and accepts
 * exactly the certificate the introduction named ({@link Pin}). The initiator is the TLS client,
 * whichever side's connect() or accept() produced the socket. The JDK's JSSE does the cryptography.
 *
 * <p>One per identity: its {@link SSLContext} (keys, the pinning trust manager) is built once, on first
 * use or by {@link #prepare()} ahead of time, never per candidate. Each connection's pin is looked up by
 * its socket while it shakes hands.
 */
final class PeerTls {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    /**
     * What a peer's certificate must be: the one whose SHA-256 is the introduced fingerprint and, when the
     * introduction names an ID, whose key has that {@link UserId}. The one place a peer's certificate is
     * judged.
     */
    record Pin(String fingerprint, String id) {
        void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the peer presented no certificate");
            }
            String actual = Identity.fingerprintOf(chain[0]);
            if (!MessageDigest.isEqual(fingerprint.getBytes(StandardCharsets.US_ASCII),
                    actual.getBytes(StandardCharsets.US_ASCII))) {
                throw new CertificateException("the peer's certificate " + actual.substring(0, 16)
                        + "... is not the one the server introduced");
            }
            if (id != null && !id.equals(UserId.of(chain[0].getPublicKey()))) {
                throw new CertificateException("the peer's key is not the one of the ID the server introduced");
            }
            chain[0].checkValidity();
        }
    }

    private final Identity identity;
    /** The pin of each connection shaking hands, by its TLS socket. */
    private final Map<Socket, Pin> pins = new ConcurrentHashMap<>();
    private SSLContext context; // guarded by this

    PeerTls(Identity identity) {
        this.identity = identity;
    }

    Identity identity() {
        return identity;
    }

    /** Builds the context now (the warm-up does, so the first punch finds it ready). */
    synchronized SSLContext prepare() throws IOException {
        if (context == null) {
            try {
                SSLContext built = SSLContext.getInstance("TLSv1.3");
                built.init(identity.key().keyManagers(), new TrustManager[] {new Pinned()}, null);
                context = built;
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
        return context;
    }

    /**
     * Runs the handshake over {@code socket} and returns the encrypted socket (closing it closes both).
     * {@code preface}: what the TLS layer reads instead of the socket's own stream (it passes the peer's
     * clear frames by first), or null. The client sends its first flight at once, without reading.
     */
    SSLSocket secure(Socket socket, InputStream preface, Pin pin, boolean client) throws IOException {
        SSLContext tlsContext = prepare();
        SSLSocket tls = preface == null
                ? (SSLSocket) tlsContext.getSocketFactory().createSocket(socket,
                        socket.getInetAddress().getHostAddress(), socket.getPort(), true)
                // JSSE reads "consumed" to its end before the socket's stream; ours never ends before it.
                : (SSLSocket) tlsContext.getSocketFactory().createSocket(socket, preface, true);
        tls.setEnabledProtocols(PROTOCOLS);
        tls.setUseClientMode(client);
        if (!client) {
            tls.setNeedClientAuth(true);
        }
        pins.put(tls, pin);
        try {
            tls.startHandshake();
            // JSSE resumes a session with an address it has talked to before, and a resumed handshake
            // carries no certificate and asks no trust manager: hold the session's peer to this pin too,
            // or a peer we once talked to could pass for whomever the server introduces at its address.
            pin.check(peerChain(tls));
        } catch (CertificateException e) {
            tls.close();
            SSLHandshakeException refused = new SSLHandshakeException("the peer's certificate is refused: "
                    + e.getMessage());
            refused.initCause(e);
            throw refused;
        } finally {
            pins.remove(tls);
        }
        return tls;
    }

    private static X509Certificate[] peerChain(SSLSocket tls) throws CertificateException {
        try {
            Certificate[] chain = tls.getSession().getPeerCertificates();
            X509Certificate[] x509 = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                if (!(chain[i] instanceof X509Certificate certificate)) {
                    throw new CertificateException("the peer's certificate is not X.509");
                }
                x509[i] = certificate;
            }
            return x509;
        } catch (SSLPeerUnverifiedException e) {
            throw new CertificateException("the peer presented no certificate", e);
        }
    }

    /** Trusts, per connection, the one certificate its pin names. */
    private final class Pinned extends X509ExtendedTrustManager {
        private void check(X509Certificate[] chain, Socket socket) throws CertificateException {
            Pin pin = socket == null ? null : pins.get(socket);
            if (pin == null) {
                throw new CertificateException("no peer certificate expected on this connection");
            }
            pin.check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, null);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
