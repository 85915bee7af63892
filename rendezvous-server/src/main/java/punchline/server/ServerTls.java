package punchline.server;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import punchline.common.CertifiedKey;
import punchline.common.TrustCheck;

/**
 * TLS 1.3 for the server's main port (JSSE): the server presents its own certificate, and every client
 * must present one (mutual TLS). Any client certificate is accepted here: what it proves is possession
 * of its key (TLS 1.3's CertificateVerify, the client's signature over a transcript that includes the
 * server's fresh random), and the session then checks that the hello's ID is that key's. Also the
 * scratch buffers all connections share: the one I/O thread uses one at a time.
 */
final class ServerTls {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    /**
     * AES-128-GCM: a smaller key schedule per connection than JSSE's first choice (AES-256 with SHA-384),
     * at a strength (128 bits) matching the P-256 keys.
     */
    private static final String[] CIPHER_SUITES = {"TLS_AES_128_GCM_SHA256"};
    /** Ciphertext read per round; a record is at most 16 KiB plus its overhead. */
    private static final int NET_BUFFER_BYTES = 64 * 1024;

    private CertifiedKey identity;
    private SSLContext context;
    /** Ciphertext just read (leftovers of a partial record first), decrypted into {@link #plain}. */
    final ByteBuffer netIn = ByteBuffer.allocate(NET_BUFFER_BYTES);
    /** Plaintext of what was just read: never more than the ciphertext it came from, plus one record. */
    final ByteBuffer plain = ByteBuffer.allocate(NET_BUFFER_BYTES + 17 * 1024);
    /** Ciphertext about to be written; what the socket does not take is copied to the connection. */
    final ByteBuffer netOut = ByteBuffer.allocate(NET_BUFFER_BYTES);
    /** The one frame being encrypted, as the array the engine takes. */
    final ByteBuffer[] oneSource = new ByteBuffer[1];

    /** Sets the key and certificate the server presents; once, before the first connection. */
    void useIdentity(CertifiedKey identity) {
        this.identity = identity;
        try {
            context = SSLContext.getInstance("TLSv1.3");
            context.init(identity.keyManagers(), new TrustManager[] {new AnyClientKey()}, null);
            // No session resumption: every connection proves its key afresh, and no session outlives it here.
            context.getServerSessionContext().setSessionCacheSize(1);
            context.getServerSessionContext().setSessionTimeout(1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The server's key and certificate, or null before {@link #useIdentity}. */
    CertifiedKey identity() {
        return identity;
    }

    /** A server-side engine for one new connection, asking for the client's certificate. */
    SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(CIPHER_SUITES);
        parameters.setNeedClientAuth(true);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Takes any client certificate (its key is the client's identity; the handshake proves the client
     * holds it). A client without one fails the handshake. The server side needs no trust in servers.
     */
    private static final class AnyClientKey extends TrustCheck {
        AnyClientKey() {
            super(true);
        }

        @Override
        protected void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the client presented no certificate");
            }
        }
    }
}
