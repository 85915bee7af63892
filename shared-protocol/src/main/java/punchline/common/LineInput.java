package punchline.common;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of typed commands with a size limit: a line longer than {@code maxChars} is skipped to
 * its end and reported as {@link #TOO_LONG}, so no input can make us hold more than the limit.
 */
public final class LineInput {
    /** Returned instead of a line that was longer than the limit. */
    public static final String TOO_LONG = "\u0000too long";

    private final Reader in;
    private final int maxChars;

    public LineInput(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, {@link #TOO_LONG}, or null at the end of input. */
    public String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean overflow = false;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return overflow ? TOO_LONG : stripReturn(line);
            }
            if (!overflow) {
                if (line.length() >= maxChars) {
                    overflow = true;
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
        }
        if (overflow) {
            return TOO_LONG;
        }
        return line.length() == 0 ? null : stripReturn(line);
    }

    private static String stripReturn(StringBuilder line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }
}
