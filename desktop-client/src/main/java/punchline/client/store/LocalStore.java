package punchline.client.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's contacts and chat history, kept on this computer in one SQLite file, {@value #FILE_NAME}
 * in the config folder, readable by the user alone (0600; the folder 0700 when we create it).
 *
 * <p><b>Threading.</b> Every call does disk I/O and may wait for the disk: call the store from a
 * background thread (the app's executor, the core's thread), never from the FX thread, where it
 * throws {@link IllegalStateException}. The store has one SQLite connection; each call holds it for
 * one transaction, so calls from several threads are safe and run one after another. {@link #close()}
 * waits for a running call, then releases the file; later calls fail with a {@link StoreException}.
 *
 * <p><b>Failures, in words, losing nothing.</b> {@link #open} always gives a working store. A damaged
 * file is moved aside and a fresh one started; a file in use by another Punchline, written by a newer
 * Punchline, or impossible to create leaves the file as it is, and this run keeps its data in memory
 * only. Either way {@link #notice()} holds the message to show the user. An error later (disk full, I/O)
 * fails that call with a {@link StoreException} whose message is for the user; its transaction is
 * rolled back.
 *
 * <p><b>File.</b> WAL journal with {@code synchronous=FULL}: each message is one append to the log and
 * one flush, a crash leaves the last committed state, and the file is held in exclusive locking mode
 * (one Punchline at a time, no shared-memory file).
 */
public final class LocalStore implements AutoCloseable {
    public static final String FILE_NAME = "punchline.db";
    /** How long a start waits for another Punchline (one that is closing, say) to let go of the file. */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(3);

    private final Database database;
    private final Path file;
    private final boolean persistent;
    private final StoreNotice notice;
    private final ContactBook contacts;
    private final History history;

    private LocalStore(Opening.Result opened, Path file) {
        this.database = opened.database();
        this.file = file;
        this.persistent = opened.persistent();
        this.notice = opened.notice();
        this.contacts = new ContactBook(database);
        this.history = new History(database);
    }

    /**
     * Opens (creating when needed) {@value #FILE_NAME} in {@code configDir}. Never fails because of the
     * file: see {@link #notice()}. Throws only when SQLite cannot run at all.
     */
    public static LocalStore open(Path configDir) throws StoreException {
        return open(configDir, BUSY_TIMEOUT, Clock.systemDefaultZone(), Schema.MIGRATIONS);
    }

    static LocalStore open(Path configDir, Duration busyTimeout, Clock clock, List<Schema.Migration> migrations)
            throws StoreException {
        Path file = configDir.resolve(FILE_NAME);
        return new LocalStore(new Opening(file, busyTimeout, clock, migrations).open(), file);
    }

    /** A store kept in memory only (no config folder, or tests): it behaves the same and is gone at close. */
    public static LocalStore inMemory() throws StoreException {
        return new LocalStore(new Opening.Result(Opening.memory(Schema.MIGRATIONS), false, null), null);
    }

    /** What the user must be told about the stored data at this start, if anything. */
    public Optional<StoreNotice> notice() {
        return Optional.ofNullable(notice);
    }

    /** Whether the data is kept on disk (false: in memory only, until close). */
    public boolean isPersistent() {
        return persistent;
    }

    /** The database file, or empty for a store created by {@link #inMemory()}. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public ContactBook contacts() {
        return contacts;
    }

    public History history() {
        return history;
    }

    Database database() {
        return database;
    }

    /** Waits for a running call, then closes the database and releases the file. Idempotent. */
    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return "LocalStore[" + (persistent ? Objects.toString(file) : "in memory") + "]";
    }
}
