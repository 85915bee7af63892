package punchline.client.ui.settings;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import punchline.common.AtomicFiles;
import punchline.protocol.Codec;

/**
 * settings.json in the config folder, as JSON through the project's one Gson. Blocking file work: call
 * it off the FX thread. Writes are atomic (a temporary file moved over the old one), so a crash never
 * leaves half a file; a file that cannot be read gives the defaults and a message, never a crash.
 */
public final class SettingsStore {
    private static final System.Logger LOG = System.getLogger(SettingsStore.class.getName());
    static final String FILE_NAME = "settings.json";

    private final Path file;
    private final int defaultHostPort;

    public SettingsStore(Path configDir, int defaultHostPort) {
        this.file = configDir.resolve(FILE_NAME);
        this.defaultHostPort = defaultHostPort;
    }

    public Path file() {
        return file;
    }

    /** What was read, or the defaults with {@code firstRun} (no file) or a {@code problem} (unreadable file). */
    public record Loaded(Settings settings, boolean firstRun, String problem) {
    }

    /** Settings are a few lines; anything bigger is not ours and is not read into memory. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    public Loaded load() {
        String json;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return unreadable("the file is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
            }
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Loaded(Settings.defaults(defaultHostPort), true, null);
        } catch (IOException e) {
            return unreadable(e.toString());
        }
        try {
            Settings read = Codec.gson().fromJson(json, Settings.class);
            if (read == null) {
                return unreadable("the file is empty");
            }
            Settings settings = completed(read);
            String problem = settings.problem();
            return problem == null ? new Loaded(settings, false, null) : unreadable(problem);
        } catch (RuntimeException e) { // Gson's JsonParseException and the wrapped errors of its record support
            return unreadable(e.getMessage());
        }
    }

    /** Writes the settings atomically, creating the folder when needed. */
    public void save(Settings settings) throws IOException {
        AtomicFiles.write(file, (Codec.gson().toJson(settings) + "\n").getBytes(StandardCharsets.UTF_8), false);
    }

    /** Fields missing from an older or hand-edited file take their defaults. */
    private Settings completed(Settings read) {
        Settings defaults = Settings.defaults(defaultHostPort);
        return new Settings(read.name() == null ? defaults.name() : read.name().strip(), read.hostServer(),
                read.hostPort() == 0 && read.hostServer() ? defaults.hostPort() : read.hostPort(),
                read.server() == null ? "" : read.server().strip(), read.room());
    }

    private Loaded unreadable(String why) {
        LOG.log(Level.WARNING, "cannot use {0}: {1}", file, why);
        keepCopy();
        return new Loaded(Settings.defaults(defaultHostPort), false, "Your settings in " + file
                + " could not be used (" + why + "), so Punchline starts with the defaults. Saving replaces"
                + " the file; the old one is kept as " + FILE_NAME + ".broken.");
    }

    /** Keeps the unreadable file for the user to look at, since the next save replaces it. */
    private void keepCopy() {
        try {
            Files.copy(file, file.resolveSibling(FILE_NAME + ".broken"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not keep a copy of {0}: {1}", file, e.toString());
        }
    }
}
