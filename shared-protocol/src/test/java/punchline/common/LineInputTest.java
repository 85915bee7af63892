package punchline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class LineInputTest {
    @Test
    void linesComeOutWithoutTheirEnds() throws Exception {
        LineInput in = new LineInput(new StringReader("help\r\nusers\n\nsay hi"), 10);
        assertEquals("help", in.readLine());
        assertEquals("users", in.readLine());
        assertEquals("", in.readLine());
        assertEquals("say hi", in.readLine());
        assertNull(in.readLine());
    }

    @Test
    void anOverlongLineIsSkippedAndReportedWithoutHoldingIt() throws Exception {
        // 100 MB of one line, produced on the fly: the reader must not keep it.
        Reader endless = new Reader() {
            private long left = 100_000_000;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, 'x');
                left -= n;
                if (left == 0) {
                    buffer[offset + n - 1] = '\n';
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        LineInput in = new LineInput(new java.io.BufferedReader(endless), 8192);
        assertSame(LineInput.TOO_LONG, in.readLine());
        assertNull(in.readLine());
    }

    @Test
    void aLineExactlyAtTheLimitPasses() throws Exception {
        LineInput in = new LineInput(new StringReader("abcde\nabcdef\nok\n"), 5);
        assertEquals("abcde", in.readLine());
        assertSame(LineInput.TOO_LONG, in.readLine());
        assertEquals("ok", in.readLine());
    }
}
