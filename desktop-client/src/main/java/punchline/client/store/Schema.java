package punchline.client.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database's layout and how an older file is brought up to it. {@code PRAGMA user_version} holds the
 * version of the file; {@link #MIGRATIONS} lists the steps in order, step n taking a file from version
 * n-1 to n, each in its own transaction together with the new version number: a step is applied whole or
 * not at all. Add a step to change the layout; never edit a step that has shipped.
 */
final class Schema {
    /** Marks the file as Punchline's ({@code PRAGMA application_id}): "PLDB". */
    static final int APPLICATION_ID = 0x504C4442;

    /** One step: the statements that take the file from {@code version - 1} to {@code version}. */
    record Migration(int version, String purpose, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "contacts and their messages", List.of(
                    "PRAGMA application_id = " + APPLICATION_ID,
                    """
                    CREATE TABLE contact (
                        id          TEXT PRIMARY KEY NOT NULL,
                        name        TEXT NOT NULL,
                        nickname    TEXT,
                        fingerprint TEXT NOT NULL,
                        trust       TEXT NOT NULL,
                        first_seen  INTEGER NOT NULL,
                        last_seen   INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE message (
                        id          INTEGER PRIMARY KEY,
                        contact_id  TEXT NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
                        direction   TEXT NOT NULL,
                        message_id  INTEGER NOT NULL,
                        text        TEXT NOT NULL,
                        sent_at     INTEGER NOT NULL,
                        stored_at   INTEGER NOT NULL,
                        delivery    TEXT NOT NULL
                    )""")),
            new Migration(2, "indexes for paging back through a chat and for late acks", List.of(
                    "CREATE INDEX message_by_time ON message (contact_id, stored_at, id)",
                    "CREATE INDEX message_by_sender_id ON message (contact_id, direction, message_id)")));

    /** The version this Punchline writes. */
    static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private Schema() {
    }

    static int version(Connection connection) throws SQLException {
        return intPragma(connection, "user_version");
    }

    static int applicationId(Connection connection) throws SQLException {
        return intPragma(connection, "application_id");
    }

    /** Whether the file holds nothing yet (a new file, or one SQLite sees as empty). */
    static boolean isEmpty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            rows.next();
            return rows.getInt(1) == 0;
        }
    }

    /**
     * Applies the steps of {@code migrations} the file lacks, each in its own transaction. A failed step
     * is rolled back and thrown: the file stays at the last version that was completed.
     */
    static void migrate(Connection connection, List<Migration> migrations) throws SQLException {
        int version = version(connection);
        for (Migration migration : migrations) {
            if (migration.version() <= version) {
                continue;
            }
            if (migration.version() != version + 1) {
                throw new IllegalStateException("migration " + migration.version() + " follows " + version);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN");
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                statement.execute("PRAGMA user_version = " + migration.version());
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                Database.rollBack(connection);
                throw e;
            }
            version = migration.version();
        }
    }

    private static int intPragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
