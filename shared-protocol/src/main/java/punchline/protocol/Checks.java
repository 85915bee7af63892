package punchline.protocol;

import java.util.List;

/** Field validation for message records; failures become {@link ErrorCode#INVALID_MESSAGE}. */
final class Checks {
    private Checks() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    /**
     * Free text (a chat message, a notice, a reason): at most {@code maxChars} characters, and no control
     * character but tab and line ends (ESC and the C1 controls drive terminals; nothing needs them).
     */
    static String text(String value, String field, int maxChars) {
        present(value, field);
        if (value.codePointCount(0, value.length()) > maxChars) {
            throw new IllegalArgumentException("field '" + field + "' is longer than " + maxChars + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new IllegalArgumentException("field '" + field + "' contains control characters");
            }
        }
        return value;
    }

    /** A user's or a room's name, normalised (see {@link Names}). */
    static String name(String value, String field, int maxChars) {
        return Names.normalize(value, field, maxChars);
    }

    static String key(String value, String field) {
        present(value, field);
        if (!UserKey.isValid(value)) {
            throw new IllegalArgumentException("field '" + field + "' is not a user key: " + truncate(value, 20));
        }
        return UserKey.normalize(value);
    }

    /** A SHA-256 fingerprint: 64 hex digits, kept in lower case. */
    static String fingerprint(String value, String field) {
        present(value, field);
        // ASCII only: Character.digit would also take Arabic-Indic or full-width digits.
        if (value.length() != 64 || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F'))) {
            throw new IllegalArgumentException("field '" + field + "' is not a SHA-256 fingerprint");
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    /** A session token: base64url of 16 to 64 random bytes. */
    static String token(String value, String field) {
        present(value, field);
        int bytes;
        try {
            bytes = java.util.Base64.getUrlDecoder().decode(value).length;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "' is not base64url");
        }
        if (bytes < 16 || bytes > 64) {
            throw new IllegalArgumentException("field '" + field + "' must hold 16 to 64 bytes");
        }
        return value;
    }

    static <T> List<T> list(List<T> value, String field, int maxSize) {
        present(value, field);
        if (value.size() > maxSize) {
            throw new IllegalArgumentException("field '" + field + "' has more than " + maxSize + " entries");
        }
        for (T element : value) {
            if (element == null) {
                throw new IllegalArgumentException("field '" + field + "' contains null");
            }
        }
        return List.copyOf(value);
    }

    static String truncate(String value, int maxChars) {
        if (value == null || value.length() <= maxChars) {
            return value;
        }
        return value.substring(0, maxChars) + "…";
    }
}
