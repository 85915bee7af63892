package punchline.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import punchline.common.CertifiedKey;

/**
 * The server's own key pair and self-signed certificate, which clients pin on first use: kept in one file
 * ({@value #FILE_NAME} in the data folder, or any path given), created on the first start, readable by the
 * server's user alone. Nodes of a cluster behind one name share the file, so a client never sees the
 * certificate change when it lands on another node. A file that cannot be read stops the server: making a
 * new identity would make every client refuse it.
 */
final class ServerIdentity {
    private static final System.Logger LOG = System.getLogger(ServerIdentity.class.getName());
    static final String FILE_NAME = "server-identity.p12";
    /** The common name in the certificate; nothing checks it. */
    private static final String COMMON_NAME = "Punchline rendezvous server";

    private ServerIdentity() {
    }

    /** The identity in {@code file}, created there if missing; null keeps a fresh one in memory (tests). */
    static CertifiedKey loadOrCreate(Path file) throws IOException {
        if (file == null) {
            return CertifiedKey.generate(COMMON_NAME);
        }
        try {
            return CertifiedKey.read(file);
        } catch (NoSuchFileException e) {
            // the first start: made below
        } catch (IOException e) {
            throw new IOException("cannot read the server's identity " + file + ": " + e.getMessage()
                    + ". Restore it from a backup, or move it away to make a new one (clients that know this"
                    + " server will then refuse it until their users trust the new certificate).", e);
        }
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(folder);
            }
        }
        CertifiedKey created = CertifiedKey.generate(COMMON_NAME);
        try {
            created.writeNew(file);
        } catch (FileAlreadyExistsException e) {
            return CertifiedKey.read(file); // another node sharing the folder made it first: use theirs
        }
        LOG.log(Level.INFO, "created the server''s identity {0} (fingerprint {1}); back it up", file,
                created.fingerprint());
        return created;
    }

    /**
     * Where the identity lives when no path is given: systemd's state directory ({@code StateDirectory=} sets
     * {@code $STATE_DIRECTORY}), else {@code $XDG_STATE_HOME/punchline-server}, else
     * {@code ~/.local/state/punchline-server}.
     */
    static Path defaultDataDir(Map<String, String> env, String home) {
        String systemd = env.get("STATE_DIRECTORY");
        if (systemd != null && !systemd.isBlank()) {
            return Path.of(systemd.split(":")[0]);
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(home, ".local", "state");
        return base.resolve("punchline-server");
    }
}
