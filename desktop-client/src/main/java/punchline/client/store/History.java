package punchline.client.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import punchline.protocol.Limits;

/**
 * Each contact's chat messages, read a page at a time (never the whole history into memory). Obtained
 * from {@link LocalStore#history()}; the threading rule of {@link LocalStore} applies.
 *
 * <p>A chat is ordered by when this computer stored each message, then by row id (a total order even when
 * the clock steps back). Paging back is keyset pagination on that pair, served by an index: a page costs
 * the same at any depth, and messages arriving meanwhile never shift or repeat a page.
 */
public final class History {
    /** The most messages one page may hold. */
    public static final int MAX_PAGE = 500;
    /** The longest text kept, in characters (code points): the protocol's limit for a chat message. */
    public static final int MAX_TEXT_CHARS = Limits.MAX_CHAT_CHARS;

    private static final String COLUMNS = "id, contact_id, direction, message_id, text, sent_at, stored_at, delivery";
    /** Newest first, from the cursor back; one row more than asked tells whether there are older ones. */
    static final String PAGE_BEFORE = "SELECT " + COLUMNS + " FROM message WHERE contact_id = ?"
            + " AND (stored_at, id) < (?, ?) ORDER BY stored_at DESC, id DESC LIMIT ?";

    private final Database database;

    History(Database database) {
        this.database = database;
    }

    /**
     * Stores a message of the chat with the contact {@code contactId} (who must be in the
     * {@link ContactBook}) and returns its row id. An outgoing message starts {@link Delivery#PENDING}.
     *
     * @param messageId the sender's id of the message (the link's id for ours, the peer's for theirs)
     * @param sentAt    when the sender sent it (their clock)
     * @param storedAt  when this computer received or sent it: where it goes in the history
     */
    public long append(String contactId, Direction direction, long messageId, String text, Instant sentAt,
                       Instant storedAt) throws StoreException {
        ContactBook.checkId(contactId);
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(text, "text");
        if (text.codePointCount(0, text.length()) > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("a message is at most " + MAX_TEXT_CHARS + " characters");
        }
        String stored = Stored.wellFormed(text);
        Delivery delivery = direction == Direction.IN ? Delivery.RECEIVED : Delivery.PENDING;
        return database.transaction("save a message", connection -> {
            if (!ContactBook.exists(connection, contactId)) {
                throw new IllegalArgumentException("no contact " + contactId + ": add them to the contact book first");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO message (contact_id, direction,"
                    + " message_id, text, sent_at, stored_at, delivery) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, contactId);
                insert.setString(2, direction.name());
                insert.setLong(3, messageId);
                insert.setString(4, stored);
                insert.setLong(5, sentAt.toEpochMilli());
                insert.setLong(6, storedAt.toEpochMilli());
                insert.setString(7, delivery.name());
                insert.executeUpdate();
            }
            try (PreparedStatement rowId = connection.prepareStatement("SELECT last_insert_rowid()");
                 ResultSet rows = rowId.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /**
     * The peer acknowledged our message {@code messageId}: it becomes {@link Delivery#DELIVERED}, also
     * when it was already marked {@link Delivery#FAILED} (the ack came late). Message ids restart with
     * every link, so this applies to the newest outgoing message with that id: call it for acks on the
     * live link. False if there is no such message or it was already delivered.
     */
    public boolean markDelivered(String contactId, long messageId) throws StoreException {
        return mark(contactId, messageId, Delivery.DELIVERED, "delivery <> 'DELIVERED'");
    }

    /**
     * Our message {@code messageId} will get no ack on this link (it closed): {@link Delivery#PENDING}
     * becomes {@link Delivery#FAILED}; a delivered message stays delivered. Same id rule as
     * {@link #markDelivered}. False if nothing changed.
     */
    public boolean markFailed(String contactId, long messageId) throws StoreException {
        return mark(contactId, messageId, Delivery.FAILED, "delivery = 'PENDING'");
    }

    private boolean mark(String contactId, long messageId, Delivery state, String onlyIf) throws StoreException {
        ContactBook.checkId(contactId);
        return database.transaction("update a message's delivery", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE message SET delivery = ? WHERE id ="
                    + " (SELECT id FROM message WHERE contact_id = ? AND direction = 'OUT' AND message_id = ?"
                    + " ORDER BY id DESC LIMIT 1) AND " + onlyIf)) {
                update.setString(1, state.name());
                update.setString(2, contactId);
                update.setLong(3, messageId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** The newest {@code count} messages of the chat, oldest first. */
    public HistoryPage latest(String contactId, int count) throws StoreException {
        return before(contactId, new HistoryCursor(Long.MAX_VALUE, Long.MAX_VALUE), count);
    }

    /**
     * The {@code count} messages stored just before {@code cursor}, oldest first: page back with the
     * previous page's {@link HistoryPage#olderCursor()}.
     */
    public HistoryPage before(String contactId, HistoryCursor cursor, int count) throws StoreException {
        ContactBook.checkId(contactId);
        Objects.requireNonNull(cursor, "cursor");
        if (count < 1 || count > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " messages, not " + count);
        }
        return database.transaction("read the history", connection -> {
            List<StoredMessage> newestFirst = new ArrayList<>(count + 1);
            try (PreparedStatement select = connection.prepareStatement(PAGE_BEFORE)) {
                select.setString(1, contactId);
                select.setLong(2, cursor.storedAtMillis());
                select.setLong(3, cursor.rowId());
                select.setInt(4, count + 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        newestFirst.add(message(rows));
                    }
                }
            }
            boolean hasOlder = newestFirst.size() > count;
            List<StoredMessage> page = newestFirst.subList(0, Math.min(count, newestFirst.size()));
            Collections.reverse(page);
            return new HistoryPage(page, hasOlder);
        });
    }

    /** How many messages the chat with {@code contactId} holds. */
    public long count(String contactId) throws StoreException {
        ContactBook.checkId(contactId);
        return database.transaction("count the history", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT count(*) FROM message WHERE contact_id = ?")) {
                select.setString(1, contactId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static StoredMessage message(ResultSet row) throws SQLException {
        return new StoredMessage(row.getLong(1), row.getString(2), Stored.parse(Direction.class, row.getString(3)),
                row.getLong(4), row.getString(5), Instant.ofEpochMilli(row.getLong(6)),
                Instant.ofEpochMilli(row.getLong(7)), Stored.parse(Delivery.class, row.getString(8)));
    }
}
