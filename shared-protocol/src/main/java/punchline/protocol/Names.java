package punchline.protocol;

import java.text.Normalizer;

/**
 * What a name (a user's or a room's) may be, so that what people read is what it is: normalised to NFC
 * (one form for "é"), each run of spaces of any kind made one plain space, stripped; and no character
 * that shows nothing or moves other text: controls, format characters (zero-width spaces and joiners,
 * bidi controls, the BOM), line and paragraph separators, unpaired surrogates, private-use and
 * unassigned code points, and the other "default ignorable" ones that render as nothing (Hangul fillers,
 * variation selectors, the combining grapheme joiner, the Mongolian free variation selectors), and the
 * Braille blank. Server and client apply the same rule through the protocol's records. Whether two
 * different names merely look alike is for the user's contacts to settle, not for this check.
 */
public final class Names {
    private Names() {
    }

    /**
     * {@code value} normalised, or an {@link IllegalArgumentException} that says what is wrong with it,
     * naming {@code field}.
     */
    public static String normalize(String value, String field, int maxChars) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int c = nfc.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.SPACE_SEPARATOR) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (isInvisible(c)) {
                throw new IllegalArgumentException("field '" + field + "' contains an invisible or control character"
                        + String.format(" (U+%04X)", c));
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(c);
        }
        String name = out.toString();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is empty");
        }
        if (name.codePointCount(0, name.length()) > maxChars) {
            throw new IllegalArgumentException("field '" + field + "' is longer than " + maxChars + " characters");
        }
        return name;
    }

    /** A user's name: {@link #normalize} with the protocol's limit, for a client's own --name. */
    public static String userName(String value) {
        return normalize(value, "name", Limits.MAX_NAME_CHARS);
    }

    /** Whether {@code c} shows nothing, or changes how the text around it shows. */
    public static boolean isInvisible(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> {
                return true;
            }
            default -> {
                return c == 0x034F // combining grapheme joiner
                        || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 // Hangul fillers
                        || c == 0x17B4 || c == 0x17B5 // Khmer inherent vowels
                        || (c >= 0x180B && c <= 0x180F) // Mongolian free variation selectors
                        || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) // variation selectors
                        || c == 0x2800; // Braille blank
            }
        }
    }
}
