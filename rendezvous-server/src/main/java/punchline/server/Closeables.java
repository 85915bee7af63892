package punchline.server;

import java.io.Closeable;
import java.io.IOException;

/** Closing what may already be broken or closed, where a failure to close changes nothing. */
final class Closeables {
    private Closeables() {
    }

    /** Closes {@code closeable} (null is fine), ignoring the failure: it is gone either way. */
    static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already failing or closed: nothing more to release
        }
    }
}
