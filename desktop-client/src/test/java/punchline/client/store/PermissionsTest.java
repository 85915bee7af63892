package punchline.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.client.store.StoreTesting.ALICE;
import static punchline.client.store.StoreTesting.FINGERPRINT_A;
import static punchline.client.store.StoreTesting.at;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database and its folder are the user's alone, whatever the umask. */
class PermissionsTest {
    @TempDir
    Path dir;

    @Test
    void theFileIs0600AndAFolderWeCreateIs0700() throws Exception {
        Path configDir = dir.resolve("config/punchline");
        try (LocalStore store = StoreTesting.open(configDir)) {
            store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
            assertEquals("rw-------", mode(configDir.resolve("punchline.db")));
            assertEquals("rw-------", mode(configDir.resolve("punchline.db-wal")),
                    "SQLite gives its log the file's mode");
        }
        assertEquals("rwx------", mode(configDir));
        assertEquals("rwx------", mode(dir.resolve("config")));
    }

    @Test
    void anExistingFolderIsLeftAsItIsAndAnExistingFileIsNarrowed() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = dir.resolve(LocalStore.FILE_NAME);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

        try (LocalStore store = StoreTesting.open(dir)) {
            assertTrue(store.notice().isEmpty(), "an empty file is a new database");
        }
        assertEquals("rw-------", mode(file));
        assertEquals("rwxr-xr-x", mode(dir));
    }

    /**
     * The permissions are set when the file is created, before SQLite writes a byte, not left to the
     * umask: a JVM started with umask 000 (where SQLite alone makes the file and its log 0666, and
     * a plain mkdir the folder 0777) still gets 0600 and 0700.
     */
    @Test
    void aPermissiveUmaskGivesTheSameModes() throws Exception {
        Path configDir = dir.resolve("umask0/punchline");
        String java = ProcessHandle.current().info().command().orElse("java");
        String script = "umask 000 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"";
        String classPath = System.getProperty("java.class.path");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script, java, classPath,
                OpenAndReportModes.class.getName(), configDir.toString());
        builder.redirectErrorStream(true);
        Process child = builder.start();
        boolean ended = child.waitFor(60, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            child.destroyForcibly();
        }
        assertTrue(ended && child.exitValue() == 0, output);

        assertTrue(output.contains("while open: db=rw------- wal=rw-------"), output);
        assertEquals("rw-------", mode(configDir.resolve("punchline.db")));
        assertEquals("rwx------", mode(configDir));
        assertEquals("rwx------", mode(configDir.getParent()));
    }

    /** Run in a child JVM: opens a store in the folder given, writes to it and prints the modes while open. */
    static final class OpenAndReportModes {
        public static void main(String[] args) throws Exception {
            Path configDir = Path.of(args[0]);
            try (LocalStore store = LocalStore.open(configDir)) {
                store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
                System.out.println("while open: db=" + mode(configDir.resolve("punchline.db"))
                        + " wal=" + mode(configDir.resolve("punchline.db-wal")));
            }
        }
    }

    static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
