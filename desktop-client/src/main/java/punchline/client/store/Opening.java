package punchline.client.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Opens the database file for {@link LocalStore}, or says in words why it could not and falls back to
 * memory. A damaged file (not SQLite, failing {@code PRAGMA quick_check}, or someone else's database) is
 * moved aside and a fresh one started; a file in use by another Punchline, or from a newer Punchline, is
 * left exactly as it is.
 */
final class Opening {
    /** The files SQLite may keep beside the database: they belong to it and move with it. */
    static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");
    private static final String MEMORY_ONLY = " Until this Punchline closes, its contacts and messages are kept in"
            + " memory only.";

    /** What was opened, and what the user must be told about it (or null). */
    record Result(Database database, boolean persistent, StoreNotice notice) {
    }

    /** Why a file cannot be used; {@code detail} is worded for the user. */
    private static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        enum Why { DAMAGED, IN_USE, NEWER, FAILED }

        final Why why;
        final String detail;

        Unusable(Why why, String detail) {
            super(detail, null, false, false);
            this.why = why;
            this.detail = detail;
        }
    }

    private final Path file;
    private final Duration busyTimeout;
    private final Clock clock;
    private final List<Schema.Migration> migrations;

    Opening(Path file, Duration busyTimeout, Clock clock, List<Schema.Migration> migrations) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
        this.migrations = migrations;
    }

    /** Never fails for a bad file; throws only when SQLite cannot even run in memory. */
    Result open() throws StoreException {
        try {
            StoreFiles.ensureDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            return inMemory(StoreNotice.Kind.UNAVAILABLE, "Your contacts and chat history cannot be kept in " + file
                    + ": its folder could not be created (" + Words.of(e) + ")." + MEMORY_ONLY);
        }
        try {
            return new Result(attempt(), true, null);
        } catch (Unusable unusable) {
            return switch (unusable.why) {
                case DAMAGED -> replaceDamaged(unusable.detail);
                case IN_USE -> inMemory(StoreNotice.Kind.IN_USE, "Your contacts and chat history (" + file
                        + ") are in use by another Punchline on this computer." + MEMORY_ONLY
                        + " Close the other Punchline and start this one again to keep them.");
                case NEWER -> inMemory(StoreNotice.Kind.NEWER_VERSION, "Your contacts and chat history (" + file
                        + ") were saved by a newer version of Punchline (" + unusable.detail + "). The file was"
                        + " left untouched: update Punchline to see them again." + MEMORY_ONLY);
                case FAILED -> inMemory(StoreNotice.Kind.UNAVAILABLE, "Your contacts and chat history cannot be"
                        + " kept in " + file + ": " + unusable.detail + ". The file was left as it was." + MEMORY_ONLY);
            };
        }
    }

    /** A store that lives and dies with this run; the same schema, so every operation behaves the same. */
    static Database memory(List<Schema.Migration> migrations) throws StoreException {
        try {
            Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
            try {
                Database.execute(connection, "PRAGMA foreign_keys = ON");
                Database database = new Database(connection, "in memory only");
                Schema.migrate(connection, migrations);
                return database;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Punchline cannot keep contacts or history at all: the database engine"
                    + " did not start (" + e.getMessage() + ").", e);
        }
    }

    private Result replaceDamaged(String why) throws StoreException {
        Path aside;
        try {
            aside = StoreFiles.moveAside(file, COMPANIONS, clock);
        } catch (IOException e) {
            return inMemory(StoreNotice.Kind.UNAVAILABLE, "Your contacts and chat history in " + file
                    + " are damaged (" + why + ") and could not be moved aside (" + Words.of(e) + ")."
                    + " Nothing was deleted." + MEMORY_ONLY);
        }
        String moved = "Your contacts and chat history in " + file + " were damaged (" + why + "). The old file"
                + " was kept as " + aside + " (nothing was deleted)";
        try {
            Database fresh = attempt();
            return new Result(fresh, true, new StoreNotice(StoreNotice.Kind.MOVED_ASIDE,
                    moved + " and a new, empty history was started.", file, aside));
        } catch (Unusable again) {
            return inMemory(StoreNotice.Kind.UNAVAILABLE, moved + ", but a new one could not be started ("
                    + again.detail + ")." + MEMORY_ONLY);
        }
    }

    private Result inMemory(StoreNotice.Kind kind, String message) throws StoreException {
        return new Result(memory(migrations), false, new StoreNotice(kind, message, file, null));
    }

    /** Opens the file, holding it for this process until closed, checks it and brings it up to date. */
    private Database attempt() throws Unusable {
        try {
            StoreFiles.ensureOwnerOnlyFile(file);
        } catch (IOException e) {
            throw new Unusable(Unusable.Why.FAILED, "the file could not be created (" + Words.of(e) + ")");
        }
        Connection connection = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout((int) busyTimeout.toMillis());
            connection = config.createConnection("jdbc:sqlite:" + file);
            // Locks are kept until close: one Punchline at a time, and WAL needs no shared-memory file.
            Database.execute(connection, "PRAGMA locking_mode = EXCLUSIVE");
            checkOurs(connection);
            Database.execute(connection, "PRAGMA journal_mode = WAL");
            Database.execute(connection, "PRAGMA synchronous = FULL");
            Database.execute(connection, "PRAGMA foreign_keys = ON");
            Database.execute(connection, "PRAGMA secure_delete = ON");
            // The write lock now, kept from here on, whichever journal mode the file system allowed.
            Database.execute(connection, "BEGIN EXCLUSIVE");
            Database.execute(connection, "COMMIT");
            checkIntact(connection);
            Database database = new Database(connection, file.toString());
            Schema.migrate(connection, migrations);
            return database;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw switch (Database.primaryCode(e)) {
                case Database.SQLITE_BUSY, Database.SQLITE_LOCKED -> new Unusable(Unusable.Why.IN_USE, e.getMessage());
                case Database.SQLITE_CORRUPT, Database.SQLITE_NOTADB ->
                        new Unusable(Unusable.Why.DAMAGED, "it is not a readable database");
                default -> new Unusable(Unusable.Why.FAILED, Database.why(e));
            };
        } catch (Unusable e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Reads the header before changing anything: a newer file or someone else's is refused untouched. */
    private void checkOurs(Connection connection) throws SQLException, Unusable {
        int version = Schema.version(connection);
        int latest = migrations.get(migrations.size() - 1).version();
        if (version > latest) {
            throw new Unusable(Unusable.Why.NEWER, "database version " + version + "; this version reads up to "
                    + latest);
        }
        int applicationId = Schema.applicationId(connection);
        boolean fresh = applicationId == 0 && version == 0 && Schema.isEmpty(connection);
        if (applicationId != Schema.APPLICATION_ID && !fresh) {
            throw new Unusable(Unusable.Why.DAMAGED, "it is some other program's database, not Punchline's");
        }
    }

    private static void checkIntact(Connection connection) throws SQLException, Unusable {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA quick_check(1)")) {
            String verdict = rows.next() ? rows.getString(1) : "no answer from the check";
            if (!"ok".equals(verdict)) {
                throw new Unusable(Unusable.Why.DAMAGED, "the check found: " + Words.oneLine(verdict, 200));
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it was unusable anyway; the caller reports why
            }
        }
    }
}
