package punchline.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.client.store.StoreTesting.ALICE;
import static punchline.client.store.StoreTesting.BOB;
import static punchline.client.store.StoreTesting.FINGERPRINT_A;
import static punchline.client.store.StoreTesting.FINGERPRINT_B;
import static punchline.client.store.StoreTesting.at;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactBookTest {
    @TempDir
    Path dir;
    private LocalStore store;
    private ContactBook contacts;

    @BeforeEach
    void open() throws StoreException {
        store = StoreTesting.open(dir);
        contacts = store.contacts();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aNewIdBecomesAnUnverifiedContact() throws Exception {
        ContactBook.Seen seen = contacts.upsertSeen(ALICE, "Alice", FINGERPRINT_A.toUpperCase(), at(0));

        assertTrue(seen.isNew());
        assertEquals(new Contact(ALICE, "Alice", null, FINGERPRINT_A, Trust.UNVERIFIED, at(0), at(0)), seen.now());
        assertEquals(seen.now(), contacts.find(ALICE).orElseThrow());
    }

    @Test
    void aKnownIdKeepsTrustAndNicknameAndTakesTheLatestNameAndCertificate() throws Exception {
        contacts.upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
        contacts.setTrust(ALICE, Trust.VERIFIED);
        contacts.rename(ALICE, "  Ali from work ");

        ContactBook.Seen seen = contacts.upsertSeen(ALICE, "Alice B.", FINGERPRINT_B, at(100));

        assertFalse(seen.isNew());
        assertTrue(seen.fingerprintChanged());
        assertEquals(FINGERPRINT_A, seen.previous().fingerprint());
        assertEquals(new Contact(ALICE, "Alice B.", "Ali from work", FINGERPRINT_B, Trust.VERIFIED, at(0), at(100)),
                seen.now());
    }

    @Test
    void aSightingReportedLateWidensTheSeenPeriodButDoesNotRenameTheContact() throws Exception {
        contacts.upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(100));
        Contact now = contacts.upsertSeen(ALICE, "Old Alice", FINGERPRINT_B, at(10)).now();

        assertEquals("Alice", now.name());
        assertEquals(FINGERPRINT_A, now.fingerprint());
        assertEquals(at(10), now.firstSeen());
        assertEquals(at(100), now.lastSeen());
    }

    @Test
    void twoPeopleWithTheSameNameAreTwoContacts() throws Exception {
        contacts.upsertSeen(ALICE, "Alex", FINGERPRINT_A, at(0));
        contacts.upsertSeen(BOB, "Alex", FINGERPRINT_B, at(1));
        contacts.setTrust(ALICE, Trust.VERIFIED);

        assertEquals(2, contacts.all().size());
        assertEquals(Trust.UNVERIFIED, contacts.find(BOB).orElseThrow().trust(), "trust is keyed on the ID");
    }

    @Test
    void allIsSortedByDisplayNameThenId() throws Exception {
        contacts.upsertSeen("id-3", "zoë", FINGERPRINT_A, at(0));
        contacts.upsertSeen("id-2", "Émile", FINGERPRINT_A, at(0));
        contacts.upsertSeen("id-1", "bob", FINGERPRINT_A, at(0));
        contacts.upsertSeen("id-0", "Zed", FINGERPRINT_A, at(0));
        contacts.upsertSeen("id-4", "Emile", FINGERPRINT_A, at(0));
        contacts.rename("id-0", "Anna");

        List<String> order = contacts.all().stream().map(c -> c.displayName() + "/" + c.id()).toList();

        assertEquals(List.of("Anna/id-0", "bob/id-1", "Emile/id-4", "Émile/id-2", "zoë/id-3"), order);
    }

    @Test
    void renameAndTrustSayWhetherTheContactExists() throws Exception {
        assertFalse(contacts.rename(ALICE, "Ali"));
        assertFalse(contacts.setTrust(ALICE, Trust.BLOCKED));

        contacts.upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
        assertTrue(contacts.rename(ALICE, "Ali"));
        assertTrue(contacts.rename(ALICE, " "));
        assertNull(contacts.find(ALICE).orElseThrow().nickname(), "a blank nickname removes it");
        assertTrue(contacts.setTrust(ALICE, Trust.BLOCKED));
        assertEquals(Trust.BLOCKED, contacts.find(ALICE).orElseThrow().trust());
    }

    @Test
    void forgetDeletesTheContactAndTheirWholeHistoryButNoOneElses() throws Exception {
        contacts.upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
        contacts.upsertSeen(BOB, "Bob", FINGERPRINT_B, at(0));
        for (int i = 1; i <= 30; i++) {
            store.history().append(ALICE, Direction.IN, i, "secret " + i, at(i), at(i));
        }
        store.history().append(BOB, Direction.OUT, 1, "hi Bob", at(1), at(1));

        assertTrue(contacts.forget(ALICE));

        assertTrue(contacts.find(ALICE).isEmpty());
        assertEquals(0, store.history().count(ALICE));
        assertTrue(store.history().latest(ALICE, 10).messages().isEmpty());
        assertEquals(1, store.history().count(BOB));
        assertFalse(contacts.forget(ALICE), "already forgotten");
        assertEquals(0, java.nio.file.Files.size(dir.resolve("punchline.db-wal")), "no old page stays in the log");
        store.close();
        assertFalse(containsBytes(dir.resolve(LocalStore.FILE_NAME), "secret 1"), "the text is gone from the file");
    }

    @Test
    void badArgumentsAreRefusedBeforeTouchingTheFile() {
        assertThrows(IllegalArgumentException.class, () -> contacts.upsertSeen("", "A", FINGERPRINT_A, at(0)));
        assertThrows(IllegalArgumentException.class,
                () -> contacts.upsertSeen("x".repeat(65), "A", FINGERPRINT_A, at(0)));
        assertThrows(IllegalArgumentException.class, () -> contacts.upsertSeen("has space", "A", FINGERPRINT_A, at(0)));
        assertThrows(IllegalArgumentException.class, () -> contacts.upsertSeen(ALICE, "A", "abc", at(0)));
        assertThrows(IllegalArgumentException.class,
                () -> contacts.upsertSeen(ALICE, "A", "٣".repeat(64), at(0)), "only ASCII hex digits");
        assertThrows(IllegalArgumentException.class, () -> contacts.upsertSeen(ALICE, "A\nB", FINGERPRINT_A, at(0)));
        assertThrows(IllegalArgumentException.class, () -> contacts.rename(ALICE, "n".repeat(65)));
    }

    private static boolean containsBytes(Path file, String text) throws Exception {
        return new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(text);
    }
}
