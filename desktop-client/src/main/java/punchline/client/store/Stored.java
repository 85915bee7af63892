package punchline.client.store;

import java.sql.SQLException;

/** Values as they go into and come out of the database. */
final class Stored {
    private Stored() {
    }

    /**
     * {@code text} with every unpaired surrogate replaced by U+FFFD. SQLite keeps text as UTF-8, which
     * cannot hold half a character; anything else (NUL, emoji, right-to-left marks) is kept exactly.
     */
    static String wellFormed(String text) {
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(text.length()).append(text, 0, i);
                }
                fixed.append('\uFFFD');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    /** The constant of {@code type} named {@code name}; an unknown name means the file is damaged. */
    static <E extends Enum<E>> E parse(Class<E> type, String name) throws SQLException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("unknown " + type.getSimpleName() + " '" + Words.oneLine(String.valueOf(name), 40)
                    + "' in the database", e);
        }
    }
}
