package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    @TempDir
    Path dir;

    @Test
    void anIdentityIsCreatedOnceAndKept() throws Exception {
        Identity first = Identity.loadOrCreate(dir);
        Identity again = Identity.loadOrCreate(dir);
        assertEquals(first.fingerprint(), again.fingerprint());
        assertTrue(first.fingerprint().matches("[0-9a-f]{64}"), first.fingerprint());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(Identity.FILE_NAME))), "only the user may read the key");
    }

    @Test
    void anUnreadableIdentityIsMovedAsideAndReplaced() throws Exception {
        Files.writeString(dir.resolve(Identity.FILE_NAME), "not a key store");
        Identity fresh = Identity.loadOrCreate(dir);
        assertEquals(fresh.fingerprint(), Identity.loadOrCreate(dir).fingerprint());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith(Identity.FILE_NAME + ".unreadable-")),
                    "the broken file is kept for the user to look at");
        }
    }

    @Test
    void everyGeneratedIdentityIsDifferentAndReadableInGroups() {
        Identity a = Identity.generate();
        assertNotEquals(a.fingerprint(), Identity.generate().fingerprint());
        String readable = Identity.readable(a.fingerprint());
        assertEquals(16, readable.split("[ \\n]").length);
        assertEquals(a.fingerprint().substring(0, 4) + " " + a.fingerprint().substring(4, 8),
                Identity.shortForm(a.fingerprint()).substring(0, 9));
    }
}
