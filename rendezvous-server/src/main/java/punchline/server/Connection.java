package punchline.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameDecoder;
import punchline.protocol.Limits;
import punchline.protocol.Message;

/**
 * One client socket on the server's I/O thread: TLS ({@link SecureChannel}), framing in, a bounded queue of
 * frames out (plaintext, encrypted when the socket takes them, so a broadcast frame is shared until then).
 * It knows nothing of the protocol's meaning; its {@link ClientSession} does. Only the I/O thread touches it.
 */
final class Connection {
    private final SocketChannel channel;
    private final SelectionKey selectionKey;
    private final SecureChannel secure;
    private final Endpoint remote;
    private final long openedAtNanos;
    private final FrameDecoder decoder = new FrameDecoder(Limits.MAX_CLIENT_FRAME_BYTES);
    private final int maxQueuedBytes;
    private ArrayDeque<ByteBuffer> outbound; // null while empty: most idle clients never need one
    private int queuedPlain;
    private long lastReceivedNanos;
    private ConnectionState state = ConnectionState.OPEN;
    private long closeDeadlineNanos;
    /** A write failed: the client is gone (a reset), which is not the same as reading too slowly. */
    private boolean broken;
    private ClientSession session;
    /** The relay this connection was spliced into; kept once it closes, so closing it ends the relay too. */
    private Relay relay;
    /** Plaintext of a relayed side read past its rate budget: forwarded first when the budget allows. */
    private ByteBuffer heldPlain;
    // Flow control of a relayed side, not lifecycle: two independent reasons to stop reading for a while.
    private boolean pausedForPartner;
    private boolean pausedForRate;

    Connection(SocketChannel channel, SelectionKey selectionKey, SecureChannel secure, Endpoint remote, long nowNanos,
               int maxQueuedBytes) {
        this.channel = channel;
        this.selectionKey = selectionKey;
        this.secure = secure;
        this.remote = remote;
        this.openedAtNanos = nowNanos;
        this.lastReceivedNanos = nowNanos;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    Endpoint remote() {
        return remote;
    }

    long openedAtNanos() {
        return openedAtNanos;
    }

    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    FrameDecoder decoder() {
        return decoder;
    }

    SocketChannel channel() {
        return channel;
    }

    /** The TLS layer: reads decrypt through it, and it knows the client's verified ID. */
    SecureChannel secure() {
        return secure;
    }

    ClientSession session() {
        return session;
    }

    void attach(ClientSession value) {
        session = value;
    }

    ConnectionState state() {
        return state;
    }

    boolean isClosing() {
        return state.isClosing();
    }

    /** The relay this connection was spliced into, or null. */
    Relay relay() {
        return relay;
    }

    /** The client said hello. */
    void registered() {
        moveTo(ConnectionState.REGISTERED);
    }

    /** The client asked for a relay whose other side has not come yet. */
    void awaitRelayPartner() {
        moveTo(ConnectionState.RELAY_WAITING);
    }

    /** Both sides of {@code value} are here: from now on bytes are forwarded, not decoded. */
    void splice(Relay value) {
        moveTo(ConnectionState.RELAYED);
        relay = value;
    }

    long closeDeadlineNanos() {
        return closeDeadlineNanos;
    }

    void markReceived(long nowNanos) {
        lastReceivedNanos = nowNanos;
    }

    void send(Message message) {
        send(Codec.encode(message));
    }

    /**
     * Queues a frame (shared, never modified: broadcasts encode once) and writes what the socket takes
     * now. Returns false, having dropped the frame, when the client reads too slowly to keep up.
     */
    boolean send(byte[] frame) {
        if (state == ConnectionState.CLOSED) {
            return false;
        }
        if (queuedBytes() + frame.length > maxQueuedBytes) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        if ((outbound == null || outbound.isEmpty()) && secure.isReady() && secure.pendingBytes() == 0) {
            try {
                secure.write(buffer);
            } catch (IOException e) {
                broken = true;
                return false; // the read side sees the failure and closes
            }
            if (!buffer.hasRemaining()) {
                return true;
            }
        }
        if (outbound == null) {
            outbound = new ArrayDeque<>(4);
        }
        outbound.add(buffer);
        queuedPlain += buffer.remaining();
        return true;
    }

    /**
     * Writes queued frames, encrypting as the socket takes them; returns true once everything is written
     * (for a closing connection, TLS's close_notify included).
     */
    boolean flush() throws IOException {
        if (!secure.flushPending()) {
            return false;
        }
        if (!secure.isReady()) {
            if (selectionKey.isValid()) {
                selectionKey.interestOpsAnd(~SelectionKey.OP_WRITE); // the handshake's flight is out: wait for reads
            }
            return outbound == null || outbound.isEmpty(); // nothing can go out before the handshake
        }
        while (outbound != null && !outbound.isEmpty()) {
            ByteBuffer head = outbound.peek();
            int before = head.remaining();
            boolean written = secure.write(head);
            queuedPlain -= before - head.remaining();
            if (!head.hasRemaining()) {
                outbound.poll();
            }
            if (!written) {
                return false;
            }
        }
        outbound = null;
        if (state.isClosing() && !secure.closeOutbound()) {
            return false;
        }
        if (selectionKey.isValid()) {
            selectionKey.interestOpsAnd(~SelectionKey.OP_WRITE);
        }
        return true;
    }

    /** Whether a write failed because the client is gone (rather than slow). */
    boolean isBroken() {
        return broken;
    }

    /** Plaintext queued and ciphertext not yet written. */
    int queuedBytes() {
        return queuedPlain + secure.pendingBytes();
    }

    /** A relay stops reading while its partner's queue is long (backpressure) or its budget is spent. */
    void pauseForPartner(boolean paused) {
        pausedForPartner = paused;
        updateReading();
    }

    void pauseForRate(boolean paused) {
        pausedForRate = paused;
        updateReading();
    }

    /** Relayed bytes decrypted but not forwarded yet, or null. */
    ByteBuffer heldPlain() {
        return heldPlain;
    }

    /** Keeps what is left of {@code source} (a copy, when it is the shared buffer) for the next turn. */
    void holdPlain(ByteBuffer source) {
        if (!source.hasRemaining()) {
            heldPlain = null;
        } else if (source != heldPlain) {
            heldPlain = ByteBuffer.allocate(source.remaining()).put(source).flip();
        }
    }

    boolean isPausedForPartner() {
        return pausedForPartner;
    }

    private void updateReading() {
        if (!selectionKey.isValid()) {
            return;
        }
        if (pausedForPartner || pausedForRate || !state.reads()) {
            selectionKey.interestOpsAnd(~SelectionKey.OP_READ);
        } else {
            selectionKey.interestOpsOr(SelectionKey.OP_READ);
        }
    }

    // ---- closing, in steps (see ConnectionState) ----

    /** From now on input is discarded; queued frames drain until the deadline, then the socket closes. */
    void closeAfterFlush(long deadlineNanos) {
        if (state.isClosing()) {
            return;
        }
        moveTo(ConnectionState.FLUSHING);
        closeDeadlineNanos = deadlineNanos;
    }

    /** The client closed its side while we still had output for it: stop reading, keep writing. */
    void endInput() {
        moveTo(ConnectionState.INPUT_ENDED);
        updateReading();
    }

    /**
     * Everything queued is written. A closing connection half-closes now, so the client reads our last
     * frame before the end. Returns whether the socket may be closed at once (the client is gone too).
     */
    boolean outputDrained() {
        if (state != ConnectionState.FLUSHING && state != ConnectionState.INPUT_ENDED) {
            return false;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // the peer is gone already; the close deadline cleans up
        }
        if (state == ConnectionState.INPUT_ENDED) {
            return true;
        }
        moveTo(ConnectionState.HALF_CLOSED);
        return false;
    }

    void closeNow() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        moveTo(ConnectionState.CLOSED);
        outbound = null;
        queuedPlain = 0;
        selectionKey.cancel();
        Closeables.closeQuietly(channel);
    }

    private void moveTo(ConnectionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(remote + ": " + state + " cannot become " + next);
        }
        state = next;
    }

    @Override
    public String toString() {
        return remote.toString();
    }
}
