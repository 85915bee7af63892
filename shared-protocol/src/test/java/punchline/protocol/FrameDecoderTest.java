package punchline.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final List<String> frames = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(64);

    private void feed(String text) throws ProtocolException {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    private void feed(byte[] bytes) throws ProtocolException {
        decoder.feed(bytes, 0, bytes.length, frames::add);
    }

    @Test
    void splitFramesAreJoined() throws Exception {
        feed("{\"type\":");
        assertEquals(List.of(), frames);
        assertEquals(8, decoder.buffered());
        feed("\"ping\",\"non");
        feed("ce\":1}\n");
        assertEquals(List.of("{\"type\":\"ping\",\"nonce\":1}"), frames);
        assertEquals(0, decoder.buffered());
    }

    @Test
    void aFrameSplitInsideAMultiByteCharacterSurvives() throws Exception {
        byte[] bytes = "héllo👋\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            feed(new byte[] {b});
        }
        assertEquals(List.of("héllo👋"), frames);
    }

    @Test
    void concatenatedFramesAreSplit() throws Exception {
        feed("a\nbb\r\n\n\nccc\nd");
        assertEquals(List.of("a", "bb", "ccc"), frames);
        feed("\n");
        assertEquals(List.of("a", "bb", "ccc", "d"), frames);
    }

    @Test
    void aFrameAtTheLimitPasses() throws Exception {
        feed("x".repeat(64) + "\n");
        assertEquals(1, frames.size());
    }

    @Test
    void anOversizedFrameIsRejectedWithoutBufferingIt() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> feed("x".repeat(65) + "\n"));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        assertEquals(0, decoder.buffered());
    }

    @Test
    void anOversizedFrameWithoutNewlineIsRejectedAsSoonAsItPassesTheLimit() throws Exception {
        FrameDecoder big = new FrameDecoder(Limits.MAX_FRAME_BYTES);
        byte[] chunk = new byte[16 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        int fed = 0;
        ProtocolException failure = null;
        while (fed < 16 * 1024 * 1024) { // a 16 MB line
            try {
                big.feed(chunk, 0, chunk.length, frames::add);
            } catch (ProtocolException e) {
                failure = e;
                break;
            }
            fed += chunk.length;
            assertTrue(big.buffered() <= Limits.MAX_FRAME_BYTES);
        }
        assertEquals(ErrorCode.FRAME_TOO_LARGE, failure.code());
        assertTrue(fed <= Limits.MAX_FRAME_BYTES, "rejected after " + fed + " bytes");
    }

    @Test
    void oversizedSplitAcrossFeedsIsRejected() throws Exception {
        feed("x".repeat(40));
        assertThrows(ProtocolException.class, () -> feed("y".repeat(30)));
    }

    @Test
    void invalidUtf8IsTyped() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> feed(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'}));
        assertEquals(ErrorCode.INVALID_UTF8, e.code());
        ProtocolException overlong = assertThrows(ProtocolException.class,
                () -> new FrameDecoder(64).feed(new byte[] {(byte) 0xC0, (byte) 0x80, '\n'}, 0, 3, frames::add));
        assertEquals(ErrorCode.INVALID_UTF8, overlong.code());
    }

    @Test
    void aFailedDecoderRefusesFurtherInput() {
        assertThrows(ProtocolException.class, () -> feed("x".repeat(100)));
        assertThrows(IllegalStateException.class, () -> feed("ok\n"));
    }

    @Test
    void directBuffersWork() throws Exception {
        ByteBuffer direct = ByteBuffer.allocateDirect(32);
        direct.put("one\ntwo\nthr".getBytes(StandardCharsets.US_ASCII)).flip();
        decoder.feed(direct, frames::add);
        assertEquals(List.of("one", "two"), frames);
        assertEquals(0, direct.remaining());
        assertEquals(3, decoder.buffered());
    }

    @Test
    void garbageBytesBecomeATypedErrorDownstream() throws Exception {
        byte[] garbage = new byte[200];
        new java.util.Random(42).nextBytes(garbage);
        garbage[garbage.length - 1] = '\n';
        FrameDecoder wide = new FrameDecoder(Limits.MAX_FRAME_BYTES);
        List<ErrorCode> codes = new ArrayList<>();
        try {
            wide.feed(garbage, 0, garbage.length, frame -> Codec.decode(frame));
        } catch (ProtocolException e) {
            codes.add(e.code());
        }
        assertEquals(1, codes.size());
        assertTrue(codes.get(0) == ErrorCode.INVALID_UTF8 || codes.get(0) == ErrorCode.INVALID_JSON, codes.toString());
    }
}
