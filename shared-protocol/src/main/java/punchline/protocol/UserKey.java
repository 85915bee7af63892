package punchline.protocol;

import java.util.Locale;

/**
 * A user's key: six characters of Crockford's base32 alphabet (no i, l, o, u), short enough to type.
 * Keys are case-insensitive; the canonical form is lower case.
 */
public final class UserKey {
    public static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    public static final int LENGTH = 6;
    /** Number of distinct keys: 32^6 = 2^30. */
    public static final long SPACE = 1L << 30;

    private UserKey() {
    }

    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != LENGTH) {
            return false;
        }
        String lower = candidate.toLowerCase(Locale.ROOT);
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(lower.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    public static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    /** Encodes a number in [0, 2^30) as a key. */
    public static String encode(long value) {
        if (value < 0 || value >= SPACE) {
            throw new IllegalArgumentException("key value out of range: " + value);
        }
        char[] chars = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(chars);
    }
}
