package punchline.client.net;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import punchline.protocol.Codec;

/**
 * The certificate fingerprint last seen for each peer name ("trust on first use", as SSH does for
 * host names): keys change every session, names are what people recognise. A changed fingerprint is
 * reported so the user can check; it may be a new computer, or someone in the middle.
 */
final class KnownPeers {
    private static final System.Logger LOG = System.getLogger(KnownPeers.class.getName());
    static final String FILE_NAME = "known-peers.json";
    /** Thousands of names fit in far less; a bigger file is not read into memory. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final Path file;
    private final Map<String, String> fingerprintByName = new HashMap<>();

    /** {@code directory} null keeps the list in memory only. */
    KnownPeers(Path directory) {
        this.file = directory == null ? null : directory.resolve(FILE_NAME);
        load();
    }

    synchronized String fingerprintOf(String name) {
        return fingerprintByName.get(name);
    }

    /** Trust on first use: keeps the first fingerprint seen for a name, never replaces one. */
    synchronized void rememberIfNew(String name, String fingerprint) {
        if (fingerprint != null && fingerprintByName.putIfAbsent(name, fingerprint) == null) {
            save();
        }
    }

    /** The user checked a changed certificate and trusts it from now on. */
    synchronized void replace(String name, String fingerprint) {
        if (!fingerprint.equals(fingerprintByName.put(name, fingerprint))) {
            save();
        }
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            JsonObject json = Codec.gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            if (json != null) {
                json.entrySet().forEach(entry -> fingerprintByName.put(entry.getKey(), entry.getValue().getAsString()));
            }
        } catch (IOException | JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "cannot read {0} ({1}); starting a fresh list of known peers", file, e.getMessage());
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        JsonObject json = new JsonObject();
        fingerprintByName.forEach(json::addProperty);
        try {
            AtomicFiles.write(file, Codec.gson().toJson(json).getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save {0}: {1}", file, e.getMessage());
        }
    }
}
