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

    /** Writes a frame now, or queues what the socket does not take (then waits for OP_WRITE). */
    void send(byte[] frame) throws IOException {
        if (closed) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        if (outbound == null || outbound.isEmpty()) {
            channel.write(buffer);
            if (!buffer.hasRemaining()) {
                return;
            }
            if (outbound == null) {
                outbound = new ArrayDeque<>();
            }
            selectionKey.interestOpsOr(SelectionKey.OP_WRITE);
        }
        outbound.add(buffer);
    }

    void flush() throws IOException {
        while (outbound != null && !outbound.isEmpty()) {
            ByteBuffer head = outbound.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            outbound.poll();
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
