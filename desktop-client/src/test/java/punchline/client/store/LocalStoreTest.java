package punchline.client.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.client.store.StoreTesting.ALICE;
import static punchline.client.store.StoreTesting.FINGERPRINT_A;
import static punchline.client.store.StoreTesting.at;
import static punchline.client.store.StoreTesting.open;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the database file: reopening, a damaged file, a locked one, a newer one. */
class LocalStoreTest {
    @TempDir
    Path dir;

    @Test
    void contactsAndHistorySurviveCloseAndReopen() throws Exception {
        try (LocalStore store = open(dir)) {
            assertTrue(store.isPersistent());
            assertTrue(store.notice().isEmpty());
            store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
            store.history().append(ALICE, Direction.IN, 1, "hello", at(0), at(1));
            store.history().append(ALICE, Direction.OUT, 1, "hi Alice", at(2), at(2));
        }

        try (LocalStore store = open(dir)) {
            assertTrue(store.notice().isEmpty());
            assertEquals("Alice", store.contacts().find(ALICE).orElseThrow().name());
            HistoryPage page = store.history().latest(ALICE, 10);
            assertEquals(List.of("hello", "hi Alice"), page.messages().stream().map(StoredMessage::text).toList());
            assertEquals(Delivery.PENDING, page.messages().get(1).delivery());
        }
        assertFalse(Files.exists(dir.resolve("punchline.db-wal")), "closing folds the log into the file");
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideWithAMessageAndAFreshOneStarts() throws Exception {
        Path file = dir.resolve(LocalStore.FILE_NAME);
        byte[] garbage = "these are not the droppings of SQLite\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);

        try (LocalStore store = open(dir)) {
            StoreNotice notice = store.notice().orElseThrow();
            assertEquals(StoreNotice.Kind.MOVED_ASIDE, notice.kind());
            Path aside = dir.resolve("punchline.db.corrupt-20250301-120000");
            assertEquals(aside, notice.movedTo());
            assertTrue(notice.message().contains(aside.toString()), notice.message());
            assertTrue(notice.message().contains("nothing was deleted"), notice.message());
            assertArrayEquals(garbage, Files.readAllBytes(aside), "the old file is kept byte for byte");

            assertTrue(store.isPersistent(), "a fresh file was started in its place");
            store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
        }
        try (LocalStore store = open(dir)) {
            assertTrue(store.notice().isEmpty());
            assertTrue(store.contacts().find(ALICE).isPresent());
        }
    }

    @Test
    void aDatabaseWithADamagedPageFailsTheCheckAndIsMovedAsideWithItsLog() throws Exception {
        try (LocalStore store = open(dir)) {
            store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
            for (int i = 1; i <= 40; i++) { // about 80 pages of 4 KiB
                store.history().append(ALICE, Direction.IN, i, ("message " + i + " ").repeat(300), at(i), at(i));
            }
        }
        Path file = dir.resolve(LocalStore.FILE_NAME);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(4096L * 5); // a page inside the message table
            raw.write(new byte[4096 * 3]);
        }
        byte[] damaged = Files.readAllBytes(file);
        Files.write(dir.resolve("punchline.db-journal"), new byte[] {1, 2, 3}); // left by a crash: it goes along

        try (LocalStore store = open(dir)) {
            StoreNotice notice = store.notice().orElseThrow();
            assertEquals(StoreNotice.Kind.MOVED_ASIDE, notice.kind(), notice.message());
            assertArrayEquals(damaged, Files.readAllBytes(notice.movedTo()));
            assertTrue(Files.exists(Path.of(notice.movedTo() + "-journal")));
            assertFalse(Files.exists(dir.resolve("punchline.db-journal")));
            assertEquals(0, store.history().count(ALICE));
            assertTrue(store.contacts().all().isEmpty());
        }
    }

    @Test
    void someOtherProgramsDatabaseIsMovedAsideNotUsed() throws Exception {
        Path file = dir.resolve(LocalStore.FILE_NAME);
        StoreTesting.execute(file, "CREATE TABLE recipes (name TEXT)", "INSERT INTO recipes VALUES ('bread')");

        try (LocalStore store = open(dir)) {
            StoreNotice notice = store.notice().orElseThrow();
            assertEquals(StoreNotice.Kind.MOVED_ASIDE, notice.kind());
            assertTrue(notice.message().contains("some other program's database"), notice.message());
            assertTrue(store.isPersistent());
        }
    }

    @Test
    void aFileFromANewerPunchlineIsRefusedInWordsAndLeftUntouched() throws Exception {
        try (LocalStore store = open(dir)) {
            store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
        }
        Path file = dir.resolve(LocalStore.FILE_NAME);
        StoreTesting.execute(file, "PRAGMA user_version = " + (Schema.LATEST + 1));
        byte[] before = Files.readAllBytes(file);

        try (LocalStore store = open(dir)) {
            StoreNotice notice = store.notice().orElseThrow();
            assertEquals(StoreNotice.Kind.NEWER_VERSION, notice.kind());
            assertTrue(notice.message().contains("newer version of Punchline"), notice.message());
            assertTrue(notice.message().contains("database version " + (Schema.LATEST + 1)), notice.message());
            assertTrue(notice.message().contains("memory only"), notice.message());
            assertFalse(store.isPersistent());
            store.contacts().upsertSeen("someone", "Sam", FINGERPRINT_A, at(1)); // this run still works
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(LocalStore.FILE_NAME), fileNames(), "nothing moved aside, nothing added");
    }

    @Test
    void aSecondStoreOnTheSameFileIsToldItIsInUseAndKeepsThisRunInMemory() throws Exception {
        try (LocalStore first = open(dir)) {
            first.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));

            try (LocalStore second = open(dir)) {
                StoreNotice notice = second.notice().orElseThrow();
                assertEquals(StoreNotice.Kind.IN_USE, notice.kind());
                assertTrue(notice.message().contains("in use by another Punchline"), notice.message());
                assertTrue(notice.message().contains(dir.resolve(LocalStore.FILE_NAME).toString()), notice.message());
                assertFalse(second.isPersistent());
                assertTrue(second.contacts().find(ALICE).isEmpty(), "the in-memory store starts empty");
                second.contacts().upsertSeen(ALICE, "Not Alice", FINGERPRINT_A, at(5));
            }
            assertEquals("Alice", first.contacts().find(ALICE).orElseThrow().name(), "the first store is unharmed");
        }
        try (LocalStore again = open(dir)) {
            assertTrue(again.notice().isEmpty(), "close released the file");
            assertEquals("Alice", again.contacts().find(ALICE).orElseThrow().name());
        }
    }

    @Test
    void aStoreThatIsOnlyReadIsStillHeldAgainstASecondOne() throws Exception {
        try (LocalStore store = open(dir)) {
            store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
        }
        try (LocalStore reader = open(dir); LocalStore second = open(dir)) {
            assertTrue(reader.notice().isEmpty());
            assertEquals(StoreNotice.Kind.IN_USE, second.notice().orElseThrow().kind());
        }
    }

    @Test
    void aFolderThatCannotBeCreatedGivesAStoreInMemoryAndSaysSo() throws Exception {
        Files.writeString(dir.resolve("config"), "a file where the folder should be");

        try (LocalStore store = open(dir.resolve("config/punchline"))) {
            StoreNotice notice = store.notice().orElseThrow();
            assertEquals(StoreNotice.Kind.UNAVAILABLE, notice.kind());
            assertTrue(notice.message().startsWith("Your contacts and chat history cannot be kept in "
                    + dir.resolve("config/punchline/punchline.db") + ": its folder could not be created ("),
                    notice.message());
            assertTrue(notice.message().endsWith("its contacts and messages are kept in memory only."),
                    notice.message());
            assertFalse(store.isPersistent());
        }
    }

    @Test
    void aFolderInThePlaceOfTheFileIsLeftAloneAndReported() throws Exception {
        Files.createDirectory(dir.resolve(LocalStore.FILE_NAME));

        try (LocalStore store = open(dir)) {
            StoreNotice notice = store.notice().orElseThrow();
            assertEquals(StoreNotice.Kind.UNAVAILABLE, notice.kind());
            assertTrue(notice.message().contains("is not a regular file"), notice.message());
            assertTrue(Files.isDirectory(dir.resolve(LocalStore.FILE_NAME)));
        }
    }

    @Test
    void callsAfterCloseFailInWords() throws Exception {
        LocalStore store = open(dir);
        store.close();
        store.close(); // twice is fine

        StoreException e = assertThrows(StoreException.class, () -> store.contacts().all());
        assertEquals("Punchline could not read the contacts: the history is already closed.", e.getMessage());
    }

    @Test
    void theStoreRefusesToRunOnTheFxThread() throws Exception {
        try (LocalStore store = open(dir)) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread fx = new Thread(() -> {
                try {
                    store.contacts().all();
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            }, "JavaFX Application Thread");
            fx.start();
            Throwable t = thrown.get(10, TimeUnit.SECONDS);
            assertTrue(t instanceof IllegalStateException, String.valueOf(t));
        }
    }

    @Test
    void anInMemoryStoreBehavesTheSameAndKeepsNothing() throws Exception {
        try (LocalStore store = LocalStore.inMemory()) {
            assertFalse(store.isPersistent());
            assertTrue(store.file().isEmpty());
            store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
            store.history().append(ALICE, Direction.OUT, 1, "hi", at(1), at(1));
            assertEquals(1, store.history().count(ALICE));
        }
    }

    private List<String> fileNames() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
