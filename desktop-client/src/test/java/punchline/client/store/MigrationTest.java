package punchline.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static punchline.client.store.StoreTesting.ALICE;
import static punchline.client.store.StoreTesting.FINGERPRINT_A;
import static punchline.client.store.StoreTesting.at;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by an older Punchline are brought up to date, whole steps at a time, keeping their data. */
class MigrationTest {
    @TempDir
    Path dir;

    @Test
    void aVersion1FileIsMigratedToTheNewestAndKeepsItsData() throws Exception {
        Path file = dir.resolve(LocalStore.FILE_NAME);
        try (Connection connection = StoreTesting.rawConnection(file)) {
            Schema.migrate(connection, Schema.MIGRATIONS.subList(0, 1));
            try (Statement statement = connection.createStatement()) {
                // what Punchline with the version 1 schema wrote
                statement.execute("INSERT INTO contact VALUES ('" + ALICE + "', 'Alice', 'Ali', '" + FINGERPRINT_A
                        + "', 'VERIFIED', " + at(0).toEpochMilli() + ", " + at(9).toEpochMilli() + ")");
                statement.execute("INSERT INTO message (contact_id, direction, message_id, text, sent_at, stored_at,"
                        + " delivery) VALUES ('" + ALICE + "', 'OUT', 7, 'kept from version 1', 1, "
                        + at(5).toEpochMilli() + ", 'PENDING')");
            }
            assertEquals(1, Schema.version(connection));
        }

        try (LocalStore store = StoreTesting.open(dir)) {
            assertTrue(store.notice().isEmpty());
            Contact alice = store.contacts().find(ALICE).orElseThrow();
            assertEquals("Ali", alice.displayName());
            assertEquals(Trust.VERIFIED, alice.trust());
            StoredMessage kept = store.history().latest(ALICE, 5).messages().get(0);
            assertEquals("kept from version 1", kept.text());
            assertTrue(store.history().markDelivered(ALICE, 7), "the old message takes a late ack");
            assertEquals(Schema.LATEST, store.database().transaction("read the version", Schema::version));
            assertTrue(indexes(store).contains("message_by_time"));
        }
    }

    @Test
    void aFailingStepIsRolledBackWholeAndTheFileStaysAtItsVersion() throws Exception {
        try (LocalStore store = StoreTesting.open(dir)) {
            store.contacts().upsertSeen(ALICE, "Alex", FINGERPRINT_A, at(0));
            store.contacts().upsertSeen("another-alex", "Alex", FINGERPRINT_A, at(0));
        }
        // A step that the data in this file makes fail half way (an empty database takes it).
        List<Schema.Migration> withBrokenStep = new ArrayList<>(Schema.MIGRATIONS);
        withBrokenStep.add(new Schema.Migration(Schema.LATEST + 1, "names made unique", List.of(
                "CREATE TABLE half_done (x)", "CREATE UNIQUE INDEX contact_by_name ON contact (name)")));

        try (LocalStore store = LocalStore.open(dir, StoreTesting.SHORT_BUSY, StoreTesting.CLOCK, withBrokenStep)) {
            StoreNotice notice = store.notice().orElseThrow();
            assertEquals(StoreNotice.Kind.UNAVAILABLE, notice.kind());
            assertTrue(notice.message().contains("UNIQUE constraint failed"), notice.message());
            assertTrue(notice.message().contains("left as it was"), notice.message());
            assertFalse(store.isPersistent());
            assertTrue(store.contacts().all().isEmpty(), "this run is in memory");
        }
        try (LocalStore store = StoreTesting.open(dir)) {
            assertTrue(store.notice().isEmpty());
            assertEquals(Schema.LATEST, store.database().transaction("read the version", Schema::version));
            assertFalse(tables(store).contains("half_done"), "nothing of the failed step is left");
            assertTrue(store.contacts().find(ALICE).isPresent());
        }
    }

    private static List<String> indexes(LocalStore store) throws StoreException {
        return names(store, "index");
    }

    private static List<String> tables(LocalStore store) throws StoreException {
        return names(store, "table");
    }

    private static List<String> names(LocalStore store, String type) throws StoreException {
        return store.database().transaction("list the schema", connection -> {
            List<String> names = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT name FROM sqlite_schema WHERE type = '" + type + "'")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }
}
