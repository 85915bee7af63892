package punchline.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a file so that a reader (or a crash) sees the old content or the new, never half of it. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to a temporary file beside {@code file} and renames it over the file.
     * {@code ownerOnly} makes the file readable by its owner alone (keys, for example).
     */
    public static void write(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Path temporary = beside(file, content, ownerOnly);
        try {
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The same, replacing nothing: the whole file appears at once (written beside it, then linked into
     * place), and if one is already there (another process sharing the folder was quicker) this throws
     * {@link FileAlreadyExistsException}.
     */
    public static void writeNew(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Path temporary = beside(file, content, ownerOnly);
        try {
            try {
                Files.createLink(file, temporary); // atomic, and fails if the file exists
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (e instanceof FileAlreadyExistsException exists) {
                    throw exists;
                }
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(temporary, file);
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** {@code content} in a new temporary file in {@code file}'s folder (made if need be). */
    private static Path beside(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            if (ownerOnly) {
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the directory's own protection applies
                }
            }
            Files.write(temporary, content);
            return temporary;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }
}
