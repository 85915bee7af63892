package punchline.client.net;

import java.io.IOException;
import java.io.InputStream;
import punchline.protocol.Codec;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ProtocolException;

/**
 * What the TLS client reads: first the responder's clear frames, which precede its TLS records on the
 * wire ({@code peer-hello}, unless the listener already read it, then {@code peer-proof}), each checked
 * the moment it arrives; then the socket's bytes, untouched. So the client sends its ClientHello right
 * behind its own hello, before anything came back, and still never hands TLS a byte that is not TLS.
 * A frame that fails its check ends the handshake with a {@link Refused} naming why.
 */
final class PeerPreface extends InputStream {
    /** The responder's frames failed a check: it is not the peer of this punch. */
    static final class Refused extends IOException {
        Refused(String why) {
            super(why);
        }
    }

    /** The checks, made by the handshake that knows the session. */
    interface Checks {
        /** Throws when {@code hello} is not the peer's. */
        void hello(PeerHello hello) throws Refused;

        /** Throws when {@code proof} does not prove {@code hello}'s sender knows the token. */
        void proof(PeerHello hello, PeerProof proof) throws Refused;
    }

    private final InputStream in;
    private final Checks checks;
    private PeerHello hello;
    private volatile boolean passed;

    /** {@code hello}: the responder's hello when the listener read it already, else null (it comes first). */
    PeerPreface(InputStream in, PeerHello hello, Checks checks) {
        this.in = in;
        this.hello = hello;
        this.checks = checks;
    }

    /** Whether both frames came and passed (true once the TLS handshake has completed). */
    boolean passed() {
        return passed;
    }

    /** The responder's hello (after {@link #passed()}). */
    PeerHello hello() {
        return hello;
    }

    @Override
    public int read() throws IOException {
        pass();
        return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        pass();
        return in.read(buffer, offset, length);
    }

    @Override
    public int available() throws IOException {
        return passed ? in.available() : 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads and checks the clear frames on the first read (TLS reads on one thread). */
    private void pass() throws IOException {
        if (passed) {
            return;
        }
        try {
            if (hello == null) {
                hello = Codec.decode(frame(), PeerHello.class);
                checks.hello(hello);
            }
            checks.proof(hello, Codec.decode(frame(), PeerProof.class));
        } catch (ProtocolException e) {
            throw new Refused("spoke something else: " + e.getMessage());
        }
        passed = true;
    }

    private String frame() throws IOException, ProtocolException {
        return Sockets.readFrameUnbuffered(in, PunchListener.FIRST_FRAME_MAX_BYTES);
    }
}
