package punchline.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Blocking reader of frames from a stream, for the client's socket threads and for tests. Time limits
 * come from the socket's read timeout; the size limit from the {@link FrameDecoder}.
 */
public final class FrameReader {
    private final InputStream in;
    private final FrameDecoder decoder;
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];

    public FrameReader(InputStream in) {
        this(in, Limits.MAX_FRAME_BYTES);
    }

    public FrameReader(InputStream in, int maxFrameBytes) {
        this.in = in;
        this.decoder = new FrameDecoder(maxFrameBytes);
    }

    /** The next frame, or null at the end of the stream. */
    public String readFrame() throws IOException, ProtocolException {
        while (ready.isEmpty()) {
            int count = in.read(buffer);
            if (count < 0) {
                return null;
            }
            decoder.feed(buffer, 0, count, ready::add);
        }
        return ready.poll();
    }

    /** The next message of {@code family}, or null at the end of the stream. */
    public <T extends Message> T read(Class<T> family) throws IOException, ProtocolException {
        String frame = readFrame();
        return frame == null ? null : Codec.decode(frame, family);
    }
}
