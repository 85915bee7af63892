package punchline.client.text;

/**
 * Text that others chose (a name, a message) inside our own sentences. Plain Java, for the desktop
 * app and the console alike.
 *
 * <p>A right-to-left name in an English sentence reorders its neighbours ("wants to chat with you سارة")
 * unless it is isolated: FSI (U+2068) before it and PDI (U+2069) after it make the name its own
 * paragraph-level island, laid out by its own first strong character, and leave the sentence alone.
 * Explicit direction controls inside the user's text (embeddings, overrides, isolates) are dropped
 * first, so a name cannot close our isolate early or turn the rest of the sentence around.
 *
 * <p>Some renderers draw FSI and PDI as boxes: JavaFX 21 does with the DejaVu fonts (seen on a real X
 * display), as it has no glyph for them and does not hide them. {@link #isolateWithMarks} has the same
 * effect in a left-to-right sentence with marks those fonts draw as nothing: LEFT-TO-RIGHT MARK (U+200E)
 * on both sides, so the name's neighbours and the sentence's direction stay left to right.
 */
public final class UserText {
    /** FIRST STRONG ISOLATE: starts an island whose direction is its first strong character's. */
    public static final char FSI = '\u2068';
    /** POP DIRECTIONAL ISOLATE: ends it. */
    public static final char PDI = '\u2069';
    /** LEFT-TO-RIGHT MARK: an invisible strong left-to-right character. */
    public static final char LRM = '\u200E';

    private UserText() {
    }

    /** {@code text} as an island in a sentence: FSI, the text without direction controls, PDI. */
    public static String isolate(String text) {
        return FSI + withoutDirectionControls(text) + PDI;
    }

    /**
     * {@code text} for a left-to-right sentence, between two LEFT-TO-RIGHT MARKs: what {@link #isolate} does
     * there, for renderers that draw FSI and PDI as boxes (the desktop app's).
     */
    public static String isolateWithMarks(String text) {
        return LRM + withoutDirectionControls(text) + LRM;
    }

    /** The text without LRE, RLE, PDF, LRO, RLO (U+202A-U+202E) and LRI, RLI, FSI, PDI (U+2066-U+2069). */
    public static String withoutDirectionControls(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isDirectionControl(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** Characters as people count them (code points): the protocol's limits count the same way. */
    public static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    /** The first character (a whole code point, upper-cased) for an avatar, or "?" for empty text. */
    public static String initial(String text) {
        String clean = withoutDirectionControls(text).strip();
        return clean.isEmpty() ? "?" : new String(Character.toChars(clean.codePointAt(0))).toUpperCase();
    }

    private static boolean isDirectionControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
