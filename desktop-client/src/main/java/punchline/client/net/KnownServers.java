package punchline.client.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import punchline.common.AtomicFiles;
import punchline.client.store.JsonFiles;
import punchline.client.store.StoreNotice;
import punchline.protocol.Codec;

/**
 * The certificate pinned for each server the user joined, by the name they gave it ({@code host:port}):
 * trust on first use, as SSH does for hosts, or from the start with {@code --server HOST:PORT#FINGERPRINT}.
 * A server that later presents another certificate is refused until the user trusts the new one. Kept in
 * {@value #FILE_NAME} in the config folder; a damaged file is moved aside with a message
 * ({@link JsonFiles}). Thread-safe; its file work is small and never runs on the FX thread.
 */
final class KnownServers {
    private static final System.Logger LOG = System.getLogger(KnownServers.class.getName());
    static final String FILE_NAME = "known-servers.json";
    /** Thousands of servers fit in far less: a bigger file is not ours. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** The file's shape: server name to pin. */
    record Saved(Map<String, Pin> servers) {
    }

    /** A pinned certificate and when it was pinned (epoch milliseconds). */
    record Pin(String fingerprint, long pinnedAt) {
    }

    private final Path file;
    private final Map<String, Pin> pins = new TreeMap<>();
    private final StoreNotice notice;
    /** False when the file is there but could not be read: it is not overwritten this run. */
    private final boolean writable;

    /** {@code directory} null keeps the pins in memory only. */
    KnownServers(Path directory) {
        this.file = directory == null ? null : directory.resolve(FILE_NAME);
        if (file == null) {
            notice = null;
            writable = false;
            return;
        }
        JsonFiles.Read<Saved> read = JsonFiles.read(file, "the servers you have trusted", Saved.class, MAX_FILE_BYTES,
                KnownServers::problemOf);
        if (read.value() != null) {
            pins.putAll(read.value().servers());
        }
        notice = read.notice();
        writable = notice == null || notice.kind() != StoreNotice.Kind.UNAVAILABLE;
    }

    private static String problemOf(Saved saved) {
        if (saved.servers() == null) {
            return "it has no list of servers";
        }
        for (Map.Entry<String, Pin> entry : saved.servers().entrySet()) {
            Pin pin = entry.getValue();
            if (pin == null || pin.fingerprint() == null || !pin.fingerprint().matches("[0-9a-f]{64}")) {
                return "the entry for " + entry.getKey() + " is not a certificate fingerprint";
            }
        }
        return null;
    }

    /** What the user must be told about the file at this start (moved aside, unreadable), or null. */
    StoreNotice notice() {
        return notice;
    }

    /** The fingerprint pinned for {@code server} (a {@link ServerAddress#name()}), or null. */
    synchronized String pinned(String server) {
        Pin pin = pins.get(server);
        return pin == null ? null : pin.fingerprint();
    }

    /** Pins {@code fingerprint} for {@code server}, replacing any other; saved at once. */
    synchronized void pin(String server, String fingerprint) {
        Pin previous = pins.put(server, new Pin(fingerprint, System.currentTimeMillis()));
        if (previous != null && previous.fingerprint().equals(fingerprint)) {
            pins.put(server, previous);
            return;
        }
        save();
    }

    private void save() {
        if (file == null || !writable) {
            return;
        }
        try {
            AtomicFiles.write(file, Codec.gson().toJson(new Saved(pins)).getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save {0}: {1}", file, e.getMessage());
        }
    }
}
