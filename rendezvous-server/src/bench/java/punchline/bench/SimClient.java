package punchline.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One simulated Punchline client: a socket, the frames it has half-read, and what it has seen. The
 * protocol reactions (pong, accept, bookkeeping) live in {@link LoadWorker}; this class only frames.
 * Worker thread only.
 */
final class SimClient {
    final int index;
    final String room;
    SocketChannel channel;
    SelectionKey selectionKey;
    /** TLS to the server, as every client speaks it. */
    punchline.server.BenchTls.Channel tls;
    String userKey;
    long connectStartNanos;
    boolean listed;
    /** Other users of the room as this client knows them: list entries + joined - left. */
    int othersSeen;
    int pings;
    int pingsAtMark;
    boolean closed;

    private byte[] partial = new byte[0];
    private int partialLength;
    private ArrayDeque<ByteBuffer> outbound;

    SimClient(int index, String room) {
        this.index = index;
        this.room = room;
    }

    interface FrameHandler {
        void onFrame(SimClient client, String frame);
    }

    /**
     * Hands each complete line of {@code bytes[0..length)} to {@code handler}, keeping an incomplete
     * tail for the next read. The server's frames are ASCII here (keys, generated names), so
     * ISO-8859-1 decodes them without a charset decoder.
     */
    void consume(byte[] bytes, int length, FrameHandler handler) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String frame;
            if (partialLength == 0) {
                frame = new String(bytes, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            } else {
                append(bytes, start, i - start);
                frame = new String(partial, 0, partialLength, java.nio.charset.StandardCharsets.ISO_8859_1);
                partialLength = 0;
            }
            start = i + 1;
            handler.onFrame(this, frame);
            if (closed) {
                return;
            }
        }
        if (start < length) {
            append(bytes, start, length - start);
        }
    }

    private void append(byte[] bytes, int offset, int count) {
        if (partialLength + count > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(256, Integer.highestOneBit(partialLength + count) * 2));
        }
        System.arraycopy(bytes, offset, partial, partialLength, count);
        partialLength += count;
    }

    /** Encrypts and writes a frame now, or queues it (before the handshake is over, or behind others). */
    void send(byte[] frame) throws IOException {
        if (closed) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        if ((outbound == null || outbound.isEmpty()) && tls.isReady() && tls.pendingBytes() == 0) {
            tls.write(buffer);
            if (!buffer.hasRemaining()) {
                return;
            }
        }
        if (outbound == null) {
            outbound = new ArrayDeque<>();
        }
        outbound.add(buffer);
    }

    /** Writes what waits, once TLS is ready (after the handshake, and on OP_WRITE). */
    void flush() throws IOException {
        if (!tls.flushPending()) {
            return;
        }
        if (!tls.isReady()) {
            selectionKey.interestOpsAnd(~SelectionKey.OP_WRITE); // the handshake's flight is out: wait for reads
            return;
        }
        while (outbound != null && !outbound.isEmpty()) {
            ByteBuffer head = outbound.peek();
            boolean written = tls.write(head);
            if (!head.hasRemaining()) {
                outbound.poll();
            }
            if (!written) {
                return;
            }
        }
        selectionKey.interestOpsAnd(~SelectionKey.OP_WRITE);
    }

    void close() {
        closed = true;
        if (selectionKey != null) {
            selectionKey.cancel();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
