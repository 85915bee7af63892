package punchline.client.store;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The one SQLite connection of a store, used by one thread at a time: every call holds this object's
 * lock for its whole transaction. Turns SQLite's failures into {@link StoreException}s in words.
 */
final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    /** The name JavaFX gives its application thread; the store never runs there (see {@link LocalStore}). */
    private static final String FX_THREAD = "JavaFX Application Thread";

    /** SQLite's primary result codes that we word for the user. */
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_IOERR = 10;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_NOTADB = 26;

    /** One unit of work on the connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Connection connection;
    /** Where the data lives, for messages: a path, or words for the in-memory store. */
    private final String where;
    private boolean closed;

    /**
     * Takes over {@code connection}. Transactions are begun and ended by SQL statements here (the JDBC
     * connection stays in auto-commit mode), so a transaction SQLite rolled back by itself (after a full
     * disk, say) never leaves the driver out of step.
     */
    Database(Connection connection, String where) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.where = where;
    }

    /**
     * Runs {@code work} as one transaction: all of its writes are stored, or (on an error) none of them.
     * {@code action} says what it does, for the message ("save a message").
     */
    synchronized <T> T transaction(String action, Work<T> work) throws StoreException {
        checkUsable(action);
        try {
            execute(connection, "BEGIN");
            T result = work.run(connection);
            execute(connection, "COMMIT");
            return result;
        } catch (SQLException e) {
            rollBack(connection);
            LOG.log(Level.WARNING, "could not {0} in {1}: {2}", action, where, e.toString());
            throw new StoreException("Punchline could not " + action + " (" + where + "): " + why(e) + ".", e);
        } catch (RuntimeException e) {
            rollBack(connection);
            throw e;
        }
    }

    /**
     * Copies the write-ahead log into the database file and truncates the log to nothing, so no old
     * version of a page stays in it.
     */
    synchronized void checkpoint(String action) throws StoreException {
        checkUsable(action);
        try {
            execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "could not {0} in {1}: {2}", action, where, e.toString());
            throw new StoreException("Punchline could not " + action + " (" + where + "): " + why(e) + ".", e);
        }
    }

    /** Ends the transaction, if SQLite has not already rolled it back after the error. */
    static void rollBack(Connection connection) {
        try {
            if (!connection.isClosed()) {
                execute(connection, "ROLLBACK");
            }
        } catch (SQLException e) {
            // "no transaction is active": SQLite rolled it back itself
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void checkUsable(String action) throws StoreException {
        if (FX_THREAD.equals(Thread.currentThread().getName())) {
            throw new IllegalStateException("the store does disk I/O: call it from a background thread,"
                    + " not the FX thread");
        }
        if (closed) {
            throw new StoreException("Punchline could not " + action + ": the history is already closed.");
        }
    }

    /** Closes the connection (after which every call fails in words); SQLite releases the file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "closing {0}: {1}", where, e.toString());
        }
    }

    /** SQLite's primary result code of {@code e} (its extended codes carry the primary in the low byte). */
    static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xff;
    }

    /** What went wrong, for a user. */
    static String why(SQLException e) {
        return switch (primaryCode(e)) {
            case SQLITE_FULL -> "the disk is full";
            case SQLITE_IOERR -> "the disk reported a read or write error";
            case SQLITE_READONLY -> "the file or its folder is read-only";
            case SQLITE_CORRUPT, SQLITE_NOTADB -> "the database file is damaged (it is checked and moved aside at the"
                    + " next start)";
            case SQLITE_BUSY, SQLITE_LOCKED -> "the database is in use by another Punchline";
            case SQLITE_CANTOPEN -> "the file cannot be opened";
            default -> String.valueOf(e.getMessage());
        };
    }
}
