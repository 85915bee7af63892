package punchline.client.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/** Files the store keeps: readable by their owner alone, and moved aside (never deleted) when unusable. */
final class StoreFiles {
    private static final System.Logger LOG = System.getLogger(StoreFiles.class.getName());
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private StoreFiles() {
    }

    /** Creates {@code directory} (and missing parents) for the owner alone; an existing one is left as it is. */
    static void ensureDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (!posix(directory)) {
            Files.createDirectories(directory);
            return;
        }
        Files.createDirectories(directory, attribute(OWNER_DIRECTORY));
        Files.setPosixFilePermissions(directory, OWNER_DIRECTORY); // exactly 0700, whatever the umask
    }

    /**
     * Makes sure {@code file} exists and is readable and writable by its owner alone before anything is
     * written to it: a new file is created empty with those permissions (the umask can only take bits
     * away, and they are set again explicitly); an existing one is narrowed to them.
     */
    static void ensureOwnerOnlyFile(Path file) throws IOException {
        boolean posix = posix(file.toAbsolutePath().getParent()); // if not, the folder's protection applies
        try {
            if (posix) {
                Files.createFile(file, attribute(OWNER_FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept from an earlier run (or a backup put back): narrowed below
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        if (posix && !Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }

    /**
     * Renames {@code file} to {@code <name>.corrupt-<local time>} in its folder, then each of its
     * {@code companions} that exists (suffixes such as "-wal") to the new name plus the suffix, so the set
     * stays usable together and none is left to be mistaken for the next file's. Returns the new path.
     */
    static Path moveAside(Path file, List<String> companions, Clock clock) throws IOException {
        String base = file.getFileName() + ".corrupt-" + LocalDateTime.now(clock).format(ASIDE_STAMP);
        Path target = file.resolveSibling(base);
        for (int n = 2; taken(target, companions); n++) {
            target = file.resolveSibling(base + "-" + n);
        }
        move(file, target);
        for (String suffix : companions) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(companion)) {
                move(companion, target.resolveSibling(target.getFileName() + suffix));
            }
        }
        LOG.log(Level.WARNING, "moved the unusable {0} aside to {1}", file, target);
        return target;
    }

    private static boolean taken(Path target, List<String> companions) {
        return Files.exists(target) || companions.stream()
                .anyMatch(suffix -> Files.exists(target.resolveSibling(target.getFileName() + suffix)));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean posix(Path path) throws IOException {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null
                && Files.getFileStore(existing).supportsFileAttributeView("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
