package punchline.client.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Text from files and libraries made fit for a message to the user. */
final class Words {
    private Words() {
    }

    /** {@code text} on one line, control characters replaced by spaces, cut to {@code max} characters. */
    static String oneLine(String text, int max) {
        StringBuilder line = new StringBuilder();
        String source = String.valueOf(text);
        for (int i = 0; i < source.length() && line.length() < max; i++) {
            char c = source.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        return line.length() < source.length() ? line.append('…').toString().strip() : line.toString().strip();
    }

    /** A library's message without the exception class it may start with ("java.io.EOFException: "). */
    static String withoutClassName(String message) {
        return String.valueOf(message).replaceFirst("^([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ", "");
    }

    /** What a failed file operation ran into, without Java's class names. */
    static String of(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied for " + denied.getFile();
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile();
        }
        if (e instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason() + " (" + failed.getFile() + ")";
        }
        return oneLine(e.getMessage(), 200);
    }
}
