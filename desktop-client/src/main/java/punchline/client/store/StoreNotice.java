package punchline.client.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something the user must be told about their stored data, in words the UI and the console can show as
 * they are: a damaged file moved aside (and where to), a database in use by another Punchline, one from a
 * newer version. Never only a log line.
 *
 * @param kind    what happened
 * @param message the sentence(s) to show, naming the files involved
 * @param file    the file concerned
 * @param movedTo where the unusable file was moved, for {@link Kind#MOVED_ASIDE}; otherwise null
 */
public record StoreNotice(Kind kind, String message, Path file, Path movedTo) {
    public enum Kind {
        /** The file was damaged or not ours: it was renamed beside itself and a fresh one started. */
        MOVED_ASIDE,
        /** Another Punchline has the database open: this run keeps its data in memory only. */
        IN_USE,
        /** The database was written by a newer Punchline: left untouched, this run keeps data in memory only. */
        NEWER_VERSION,
        /** The file could not be used for another reason (read-only disk, I/O error): left where it was. */
        UNAVAILABLE
    }

    public StoreNotice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(file, "file");
        if ((kind == Kind.MOVED_ASIDE) != (movedTo != null)) {
            throw new IllegalArgumentException("movedTo is given exactly for MOVED_ASIDE");
        }
    }
}
