package punchline.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import punchline.common.CertifiedKey;

/**
 * TLS for the benchmark's simulated clients, with the server's own {@link SecureChannel} in client mode (so
 * the generators cost what the server costs per connection) and a pool of client keys, each with the
 * certificate a real client presents. In package punchline.server to reach SecureChannel; bench code only.
 */
public final class BenchTls {
    private final ServerTls scratch = new ServerTls();
    private final SSLContext[] contexts;
    private final CertifiedKey[] keys;

    /** {@code identities} client keys, used in turn (the server does not care whether IDs repeat). */
    public BenchTls(int identities) {
        contexts = new SSLContext[identities];
        keys = new CertifiedKey[identities];
        for (int i = 0; i < identities; i++) {
            keys[i] = CertifiedKey.generate("bench client " + i);
            try {
                contexts[i] = SSLContext.getInstance("TLSv1.3");
                contexts[i].init(keys[i].keyManagers(), new TrustManager[] {new AnyServer()}, null);
                contexts[i].getClientSessionContext().setSessionCacheSize(1);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The ID a client using key {@code index} must name in its hello. */
    public String id(int index) {
        return keys[index % keys.length].id();
    }

    /** A client TLS layer over a connected non-blocking socket; {@link Channel#start()} sends its first flight. */
    public Channel open(SocketChannel channel, SelectionKey key, int index) {
        SSLEngine engine = contexts[index % contexts.length].createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        return new Channel(new SecureChannel(channel, key, engine, scratch));
    }

    /** What the worker uses of a {@link SecureChannel}. */
    public final class Channel {
        private final SecureChannel secure;

        private Channel(SecureChannel secure) {
            this.secure = secure;
        }

        public void start() throws IOException {
            secure.beginHandshake();
        }

        public boolean isReady() {
            return secure.isReady();
        }

        /** Reads and decrypts: the plaintext is in {@link #plain()} (flipped); -1 at the end of the stream. */
        public int read() throws IOException {
            return secure.read(Integer.MAX_VALUE);
        }

        public ByteBuffer plain() {
            return scratch.plain;
        }

        /** Encrypts and writes as much of {@code source} as the socket takes; false when some waits. */
        public boolean write(ByteBuffer source) throws IOException {
            return secure.write(source);
        }

        public boolean flushPending() throws IOException {
            return secure.flushPending();
        }

        public int pendingBytes() {
            return secure.pendingBytes();
        }
    }

    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
