package punchline.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import punchline.common.CertifiedKey;
import punchline.protocol.UserId;

/**
 * TLS over one client socket on the I/O thread, with JSSE's {@link SSLEngine}. The buffers it reads,
 * decrypts and encrypts in belong to {@link ServerTls} and are shared by all connections (one thread
 * uses one at a time); a connection keeps only what is left over: part of a record not yet complete, and
 * ciphertext the socket did not take yet. An idle connection holds neither. I/O thread only.
 */
final class SecureChannel {
    /** A handshake round never needs more steps than this; more means the engine is stuck. */
    private static final int MAX_STEPS = 64;

    /** The client spoke plain JSON, not TLS: an older Punchline. */
    static final class PlainTextClient extends IOException {
        private static final long serialVersionUID = 1L;

        PlainTextClient() {
            super("the client speaks plain text, not TLS", null);
        }
    }

    private final SocketChannel channel;
    private final SelectionKey selectionKey;
    private final SSLEngine engine;
    private final ServerTls tls;
    private ByteBuffer netLeft;
    private ByteBuffer cipherOut;
    private boolean started;
    private boolean handshakeDone;
    private boolean inboundClosed;
    private boolean closeNotifyQueued;
    private String peerId;
    private String peerFingerprint;

    SecureChannel(SocketChannel channel, SelectionKey selectionKey, SSLEngine engine, ServerTls tls) {
        this.channel = channel;
        this.selectionKey = selectionKey;
        this.engine = engine;
        this.tls = tls;
    }

    /** Whether the handshake is over: the client's key is known and application data may flow. */
    boolean isReady() {
        return handshakeDone;
    }

    /** The {@link UserId} of the client certificate's key, once {@link #isReady()}. */
    String peerId() {
        return peerId;
    }

    /** The SHA-256 of the client certificate, once {@link #isReady()}. */
    String peerFingerprint() {
        return peerFingerprint;
    }

    /** Ciphertext waiting for the socket. */
    int pendingBytes() {
        return cipherOut == null ? 0 : cipherOut.remaining();
    }

    /**
     * For a client side (the benchmark's simulated clients): starts the handshake, so the first flight
     * goes out now; reads drive the rest.
     */
    void beginHandshake() throws IOException {
        started = true;
        engine.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (status == HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
            } else {
                return;
            }
        }
    }

    /**
     * Reads what the socket has (at most about {@code maxBytes} of ciphertext), runs the handshake as far
     * as that allows and decrypts the rest into {@link ServerTls#plain}, flipped. Returns how many bytes
     * of plaintext that is, or -1 at the end of the stream (a TCP FIN, or the client's close_notify).
     */
    int read(int maxBytes) throws IOException {
        ByteBuffer net = tls.netIn;
        net.clear();
        if (netLeft != null) {
            net.put(netLeft);
            netLeft = null;
        }
        net.limit(Math.min(net.capacity(), net.position() + Math.max(1, maxBytes)));
        int count = channel.read(net);
        net.flip();
        ByteBuffer plain = tls.plain;
        plain.clear();
        if (net.hasRemaining() && !inboundClosed) {
            if (!started) {
                started = true;
                if (net.get(0) == '{') {
                    throw new PlainTextClient();
                }
            }
            unwrap(net, plain);
            if (net.hasRemaining()) {
                netLeft = ByteBuffer.allocate(net.remaining()).put(net).flip();
            }
        }
        plain.flip();
        if (plain.hasRemaining()) {
            return plain.remaining();
        }
        return count < 0 || inboundClosed ? -1 : 0;
    }

    private void unwrap(ByteBuffer net, ByteBuffer plain) throws IOException {
        for (int step = 0; step < MAX_STEPS; step++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (status == HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
                continue;
            }
            if (!net.hasRemaining()) {
                return;
            }
            SSLEngineResult result = engine.unwrap(net, plain);
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    return; // the rest of the record comes with a later read
                }
                case BUFFER_OVERFLOW -> throw new SSLException("a record larger than TLS allows");
                case CLOSED -> {
                    inboundClosed = true;
                    return;
                }
                case OK -> {
                    if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                        finished();
                    }
                }
            }
        }
        throw new SSLException("the TLS engine made no progress");
    }

    private static final ByteBuffer[] EMPTY = {ByteBuffer.allocate(0)};

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // the handshake's signatures and key exchange, on the I/O thread: a few ms at most
        }
    }

    private void finished() throws SSLPeerUnverifiedException {
        if (handshakeDone) {
            return;
        }
        Certificate[] chain = engine.getSession().getPeerCertificates();
        peerId = UserId.of(chain[0].getPublicKey());
        peerFingerprint = CertifiedKey.fingerprintOf(chain[0]);
        handshakeDone = true;
    }

    /**
     * Encrypts from {@code source} (advancing it) and writes, until they are empty or the socket is
     * full. Returns whether everything produced was written; if not, the rest waits for
     * {@link #flushPending()} and nothing more should be encrypted before it is out.
     */
    boolean write(ByteBuffer source) throws IOException {
        ByteBuffer[] sources = tls.oneSource;
        sources[0] = source;
        try {
            while (source.hasRemaining()) {
                if (!wrap(sources)) {
                    return false;
                }
            }
            return cipherOut == null;
        } finally {
            sources[0] = null;
        }
    }

    /** Encrypts once into the shared buffer and writes; false when ciphertext is left waiting. */
    private boolean wrap(ByteBuffer[] sources) throws IOException {
        ByteBuffer out = tls.netOut;
        out.clear();
        SSLEngineResult result = engine.wrap(sources, out);
        if (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && hasRemaining(sources)) {
            throw new SSLException("the TLS engine took no data"); // never loop on a stuck engine
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && !closeNotifyQueued) {
            throw new SSLException("the TLS connection is closed");
        }
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new SSLException("a record larger than the output buffer");
        }
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            finished();
        }
        out.flip();
        return writeCipher(out);
    }

    private boolean writeCipher(ByteBuffer out) throws IOException {
        if (!out.hasRemaining()) {
            return cipherOut == null;
        }
        if (cipherOut == null) {
            channel.write(out);
            if (!out.hasRemaining()) {
                return true;
            }
            cipherOut = ByteBuffer.allocate(out.remaining()).put(out).flip();
        } else {
            ByteBuffer joined = ByteBuffer.allocate(cipherOut.remaining() + out.remaining());
            cipherOut = joined.put(cipherOut).put(out).flip();
        }
        if (selectionKey.isValid()) {
            selectionKey.interestOpsOr(SelectionKey.OP_WRITE);
        }
        return false;
    }

    /** Writes ciphertext left from before; true when none is left. */
    boolean flushPending() throws IOException {
        if (cipherOut == null) {
            return true;
        }
        channel.write(cipherOut);
        if (cipherOut.hasRemaining()) {
            return false;
        }
        cipherOut = null;
        return true;
    }

    /**
     * Queues TLS's close_notify (once), so the client reads a clean end rather than a truncation. Returns
     * whether it is written. Before the handshake is over there is nothing to close politely.
     */
    boolean closeOutbound() throws IOException {
        if (!handshakeDone || closeNotifyQueued) {
            return cipherOut == null;
        }
        closeNotifyQueued = true;
        engine.closeOutbound();
        return wrap(EMPTY);
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
