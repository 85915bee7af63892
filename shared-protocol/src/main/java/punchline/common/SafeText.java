package punchline.common;

/**
 * Text from the network made safe to show on a terminal or write to a log: the one sanitiser every
 * remote string passes through before a person sees it.
 *
 * <p>What it neutralises, and why:
 * <ul>
 *   <li>C0 and C1 control characters and DEL: ESC starts terminal escape sequences (set the title, clear the
 *       screen, move the cursor), and a C1 CSI (U+009B) does the same on some terminals. They are shown as
 *       {@code \u001b}, never sent.
 *   <li>Line ends (CR, LF, NEL, U+2028, U+2029): a line of ours could be forged after one ("\r\n! WARNING").
 *       On one line ({@link #line}) they are shown as {@code \r}, {@code \n} or {@code \u2028}; in a block
 *       of text ({@link #block}) each starts a continuation line that begins with the given indent, so the
 *       text can go on but never starts a line of its own.
 *   <li>Bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069): they reorder the
 *       text around them, ours included. They are shown as {@code \u202e}.
 *   <li>Unpaired surrogates (JSON's {@code "\ud800"} decodes to one): shown as U+FFFD.
 * </ul>
 * Everything else (letters of any script, emoji, their joiners, tabs) is kept as it is.
 *
 * <p>{@link #isolate} then puts a piece of user text between FIRST STRONG ISOLATE and POP DIRECTIONAL
 * ISOLATE, so that a right-to-left name inside one of our sentences keeps its own direction without
 * turning its neighbours around.
 */
public final class SafeText {
    /** FIRST STRONG ISOLATE: starts an island laid out by its own first strong character. */
    public static final char FSI = '\u2068';
    /** POP DIRECTIONAL ISOLATE: ends it. */
    public static final char PDI = '\u2069';
    private static final char REPLACEMENT = '\uFFFD';
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SafeText() {
    }

    /** {@code text} on one line: every control, line end and direction control shown as an escape. */
    public static String line(String text) {
        return clean(text, null);
    }

    /**
     * {@code text} as a block that may span lines: each line end starts a new line beginning with
     * {@code indent} (which must not be empty, or a line could start with anything); the rest as in
     * {@link #line}. CR LF counts as one line end.
     */
    public static String block(String text, String indent) {
        return clean(text, lineBreak(indent));
    }

    /** {@link #line}, between FSI and PDI: user text inside one of our sentences. */
    public static String isolate(String text) {
        return FSI + line(text) + PDI;
    }

    /**
     * {@link #block}, each line between FSI and PDI (a line end closes every isolate, so each line gets its
     * own).
     */
    public static String isolateBlock(String text, String indent) {
        return FSI + clean(text, PDI + lineBreak(indent) + FSI) + PDI;
    }

    private static String lineBreak(String indent) {
        if (indent == null || indent.isEmpty()) {
            throw new IllegalArgumentException("a continuation line needs an indent");
        }
        return "\n" + indent;
    }

    /** Whether {@code c} reorders the text around it (an embedding, override, isolate or mark). */
    public static boolean isDirectionControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** {@code text} with what it must not carry replaced; a line end becomes {@code lineBreak}, or an escape if null. */
    private static String clean(String text, String lineBreak) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            String replacement = replacement(text, i, c, lineBreak);
            if (replacement == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length + 16).append(text, 0, i);
            }
            out.append(replacement);
            if (c == '\r' && lineBreak != null && i + 1 < length && text.charAt(i + 1) == '\n') {
                i++; // CR LF: one line end
            }
        }
        return out == null ? text : out.toString();
    }

    /** What to write for the char at {@code i}, or null to keep it. */
    private static String replacement(String text, int i, char c, String lineBreak) {
        if (Character.isSurrogate(c)) {
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            return paired ? null : String.valueOf(REPLACEMENT);
        }
        boolean lineEnd = c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
        if (lineEnd && lineBreak != null) {
            return lineBreak;
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c == '\t') {
            return null;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || lineEnd || isDirectionControl(c)) {
            return "\\u" + HEX[c >> 12 & 0xF] + HEX[c >> 8 & 0xF] + HEX[c >> 4 & 0xF] + HEX[c & 0xF];
        }
        return null;
    }
}
