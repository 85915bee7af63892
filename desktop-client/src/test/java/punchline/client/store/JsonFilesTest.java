package punchline.client.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFilesTest {
    /** The shape of a small file of ours, for the test. */
    record Servers(List<String> servers) {
    }

    @TempDir
    Path dir;

    private JsonFiles.Read<Servers> read(Path file) {
        return JsonFiles.read(file, "the servers you have trusted", Servers.class, 1024,
                servers -> servers.servers() == null ? "it lists no servers" : null, StoreTesting.CLOCK);
    }

    @Test
    void aMissingFileIsNeitherAValueNorAProblem() {
        JsonFiles.Read<Servers> read = read(dir.resolve("known-servers.json"));
        assertTrue(read.missing());
    }

    @Test
    void aGoodFileIsRead() throws Exception {
        Path file = dir.resolve("known-servers.json");
        Files.writeString(file, "{\"servers\": [\"chat.example.org:3333\"]}");

        JsonFiles.Read<Servers> read = read(file);

        assertEquals(new Servers(List.of("chat.example.org:3333")), read.value());
        assertNull(read.notice());
        assertTrue(Files.exists(file));
    }

    @Test
    void anUnusableFileIsMovedAsideWithAMessageAndKeptByteForByte() throws Exception {
        List<byte[]> unusable = List.of(
                "{\"servers\": [\"chat.example.org:3333\"".getBytes(StandardCharsets.UTF_8), // cut short
                "[1, 2, 3]".getBytes(StandardCharsets.UTF_8), // the wrong shape
                "{}".getBytes(StandardCharsets.UTF_8), // refused by the caller's check
                "null".getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, // not UTF-8
                ("{\"servers\": [\"" + "x".repeat(2_000) + "\"]}").getBytes(StandardCharsets.UTF_8)); // too large
        for (byte[] content : unusable) {
            Path folder = Files.createTempDirectory(dir, "case");
            Path file = folder.resolve("known-servers.json");
            Files.write(file, content);

            JsonFiles.Read<Servers> read = read(file);

            assertNull(read.value());
            StoreNotice notice = read.notice();
            assertEquals(StoreNotice.Kind.MOVED_ASIDE, notice.kind(), notice.message());
            Path aside = folder.resolve("known-servers.json.corrupt-20250301-120000");
            assertEquals(aside, notice.movedTo());
            assertTrue(notice.message().startsWith("The servers you have trusted in " + file + " could not be used ("),
                    notice.message());
            assertTrue(notice.message().contains("kept as " + aside + " (nothing was deleted)"), notice.message());
            assertArrayEquals(content, Files.readAllBytes(aside));
            assertFalse(Files.exists(file));
            assertTrue(read(file).missing(), "the next start begins afresh");
        }
    }

    @Test
    void aSecondBadFileTheSameSecondDoesNotReplaceTheFirstOneMovedAside() throws Exception {
        Path file = dir.resolve("known-servers.json");
        Files.writeString(file, "first");
        read(file);
        Files.writeString(file, "second");

        Path second = read(file).notice().movedTo();

        assertEquals(dir.resolve("known-servers.json.corrupt-20250301-120000-2"), second);
        assertEquals("first", Files.readString(dir.resolve("known-servers.json.corrupt-20250301-120000")));
        assertEquals("second", Files.readString(second));
    }
}
