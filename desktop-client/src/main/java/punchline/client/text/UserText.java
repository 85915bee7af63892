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
 */
public final class UserText {
    /** FIRST STRONG ISOLATE: starts an island whose direction is its first strong character's. */
    public static final char FSI = '\u2068';
    /** POP DIRECTIONAL ISOLATE: ends it. */
    public static final char PDI = '\u2069';

    private UserText() {
    }

    /** {@code text} as an island in a sentence: FSI, the text without direction controls, PDI. */
    public static String isolate(String text) {
        return FSI + withoutDirectionControls(text) + PDI;
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
