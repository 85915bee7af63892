package punchline.client.net;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import punchline.protocol.UserId;

/**
 * TLS 1.3 on a peer link, with both certificates pinned: each side presents its identity and accepts
 * exactly the certificate whose fingerprint the introduction named. The initiator is the TLS client,
 * whichever side's connect() or accept() produced the socket. The JDK's JSSE does the cryptography.
 */
final class PeerTls {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private PeerTls() {
    }

    /**
     * Runs the handshake over {@code socket} and returns the encrypted socket (closing it closes both).
     * The peer's certificate must have {@code peerFingerprint} and, when {@code peerId} is given, a key
     * whose {@link UserId} it is.
     */
    static SSLSocket secure(Socket socket, Identity identity, String peerFingerprint, String peerId, boolean client)
            throws IOException {
        SSLContext context;
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "in-memory".toCharArray();
            keys.setKeyEntry("me", identity.privateKey(), password, new Certificate[] {identity.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {new Pinned(peerFingerprint, peerId)}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setEnabledProtocols(PROTOCOLS);
        tls.setUseClientMode(client);
        if (!client) {
            tls.setNeedClientAuth(true);
        }
        tls.startHandshake();
        return tls;
    }

    /** Trusts one certificate: the one with the introduced fingerprint, whose key has the introduced ID. */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final byte[] expected;
        private final String expectedId;

        Pinned(String fingerprint, String id) {
            this.expected = fingerprint.getBytes(StandardCharsets.US_ASCII);
            this.expectedId = id;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the peer presented no certificate");
            }
            String actual = Identity.fingerprintOf(chain[0]);
            if (!MessageDigest.isEqual(expected, actual.getBytes(StandardCharsets.US_ASCII))) {
                throw new CertificateException("the peer's certificate " + actual.substring(0, 16)
                        + "... is not the one the server introduced");
            }
            if (expectedId != null && !expectedId.equals(UserId.of(chain[0].getPublicKey()))) {
                throw new CertificateException("the peer's key is not the one of the ID the server introduced");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
