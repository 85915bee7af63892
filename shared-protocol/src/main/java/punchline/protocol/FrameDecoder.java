package punchline.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into newline-terminated UTF-8 frames. A frame longer than the limit is rejected
 * as soon as the limit is passed, so a peer can never make us buffer more than {@code maxFrameBytes}.
 * A trailing carriage return is dropped; empty lines are ignored. After it throws, the decoder is
 * spent: the connection it reads is to be closed.
 */
public final class FrameDecoder {

    /** Receives each complete frame; may itself reject a frame. */
    @FunctionalInterface
    public interface FrameSink {
        void onFrame(String frame) throws ProtocolException;
    }

    private static final int INITIAL_CAPACITY = 256;

    private final int maxFrameBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] pending = new byte[0];
    private int pendingLength;
    private boolean failed;

    public FrameDecoder() {
        this(Limits.MAX_FRAME_BYTES);
    }

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public void feed(byte[] bytes, int offset, int length, FrameSink sink) throws ProtocolException {
        feed(ByteBuffer.wrap(bytes, offset, length), sink);
    }

    /** Consumes every remaining byte of {@code input}, handing each complete frame to {@code sink}. */
    public void feed(ByteBuffer input, FrameSink sink) throws ProtocolException {
        if (failed) {
            throw new IllegalStateException("decoder already failed");
        }
        try {
            while (input.hasRemaining()) {
                int newline = indexOfNewline(input);
                if (newline < 0) {
                    append(input, input.remaining());
                    return;
                }
                int chunk = newline - input.position();
                if (pendingLength == 0) {
                    emit(input, chunk, sink);
                } else {
                    append(input, chunk);
                    emit(ByteBuffer.wrap(pending, 0, pendingLength), pendingLength, sink);
                    pendingLength = 0;
                }
                input.get(); // the newline
            }
        } catch (ProtocolException | RuntimeException e) {
            failed = true;
            pending = new byte[0];
            pendingLength = 0;
            throw e;
        }
    }

    /** Bytes of an incomplete frame held right now. */
    public int buffered() {
        return pendingLength;
    }

    /** Drops the buffer of a connection that has gone idle, keeping the memory bound small. */
    public void trim() {
        if (pendingLength == 0 && pending.length > INITIAL_CAPACITY) {
            pending = new byte[0];
        }
    }

    private static int indexOfNewline(ByteBuffer input) {
        if (input.hasArray()) {
            byte[] array = input.array();
            int base = input.arrayOffset();
            for (int i = input.position(); i < input.limit(); i++) {
                if (array[base + i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
        for (int i = input.position(); i < input.limit(); i++) {
            if (input.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(ByteBuffer input, int count) throws ProtocolException {
        int needed = pendingLength + count;
        if (needed > maxFrameBytes) {
            throw tooLarge();
        }
        if (needed > pending.length) {
            int capacity = Math.max(INITIAL_CAPACITY, pending.length);
            while (capacity < needed) {
                capacity *= 2;
            }
            pending = Arrays.copyOf(pending, Math.min(capacity, maxFrameBytes));
        }
        input.get(pending, pendingLength, count);
        pendingLength = needed;
    }

    private void emit(ByteBuffer source, int length, FrameSink sink) throws ProtocolException {
        if (length > maxFrameBytes) {
            throw tooLarge();
        }
        ByteBuffer frameBytes = source.slice();
        frameBytes.limit(length);
        source.position(source.position() + length);
        if (length > 0 && frameBytes.get(length - 1) == '\r') {
            frameBytes.limit(length - 1);
        }
        if (!frameBytes.hasRemaining()) {
            return;
        }
        CharBuffer chars;
        try {
            utf8.reset();
            chars = utf8.decode(frameBytes);
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.INVALID_UTF8, "frame is not valid UTF-8");
        }
        sink.onFrame(chars.toString());
    }

    private ProtocolException tooLarge() {
        return new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                "frame longer than " + maxFrameBytes + " bytes");
    }
}
