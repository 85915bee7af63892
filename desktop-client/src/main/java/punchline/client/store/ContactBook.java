package punchline.client.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Collator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The people the user has chatted with or added, keyed on their ID (never on a name). Obtained from
 * {@link LocalStore#contacts()}; the threading rule of {@link LocalStore} applies.
 */
public final class ContactBook {
    /** The longest ID: a hash of the public key in some readable encoding, computed elsewhere. */
    public static final int MAX_ID_CHARS = 64;
    /** The longest name or nickname kept, in characters (code points). */
    public static final int MAX_NAME_CHARS = 64;

    private static final String COLUMNS = "id, name, nickname, fingerprint, trust, first_seen, last_seen";

    private final Database database;

    ContactBook(Database database) {
        this.database = database;
    }

    /**
     * A sighting recorded by {@link #upsertSeen}: the contact before (null when new) and after.
     * Compare them to tell the user what changed (a new name, a new certificate under the same ID).
     */
    public record Seen(Contact previous, Contact now) {
        public boolean isNew() {
            return previous == null;
        }

        public boolean fingerprintChanged() {
            return previous != null && !previous.fingerprint().equals(now.fingerprint());
        }
    }

    /**
     * Records that the person with {@code id} was seen (or added) at {@code when}, using {@code name} and
     * a certificate with {@code fingerprint}. A new ID becomes a contact, {@link Trust#UNVERIFIED}; for a
     * known one, the name and fingerprint of the latest sighting are kept, the trust and nickname stay.
     */
    public Seen upsertSeen(String id, String name, String fingerprint, Instant when) throws StoreException {
        checkId(id);
        String checkedName = checkName(name, "name");
        String checkedFingerprint = checkFingerprint(fingerprint);
        long millis = when.toEpochMilli();
        return database.transaction("save a contact", connection -> {
            Contact previous = find(connection, id);
            if (previous == null) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO contact (" + COLUMNS
                        + ") VALUES (?, ?, NULL, ?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, checkedName);
                    insert.setString(3, checkedFingerprint);
                    insert.setString(4, Trust.UNVERIFIED.name());
                    insert.setLong(5, millis);
                    insert.setLong(6, millis);
                    insert.executeUpdate();
                }
            } else {
                // An older sighting reported late only widens the seen period; the newest one names the contact.
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE contact SET
                            name        = CASE WHEN ?3 >= last_seen THEN ?1 ELSE name END,
                            fingerprint = CASE WHEN ?3 >= last_seen THEN ?2 ELSE fingerprint END,
                            first_seen  = min(first_seen, ?3),
                            last_seen   = max(last_seen, ?3)
                        WHERE id = ?4""")) {
                    update.setString(1, checkedName);
                    update.setString(2, checkedFingerprint);
                    update.setLong(3, millis);
                    update.setString(4, id);
                    update.executeUpdate();
                }
            }
            return new Seen(previous, find(connection, id));
        });
    }

    /** Sets the user's own name for the contact; null or blank removes it. False if there is no such contact. */
    public boolean rename(String id, String nickname) throws StoreException {
        checkId(id);
        String checked = nickname == null || nickname.isBlank() ? null : checkName(nickname.strip(), "nickname");
        return update("rename the contact", "UPDATE contact SET nickname = ? WHERE id = ?", checked, id);
    }

    /** Sets how far the user trusts the contact. False if there is no such contact. */
    public boolean setTrust(String id, Trust trust) throws StoreException {
        checkId(id);
        return update("change the contact's trust", "UPDATE contact SET trust = ? WHERE id = ?", trust.name(), id);
    }

    public Optional<Contact> find(String id) throws StoreException {
        checkId(id);
        return Optional.ofNullable(database.transaction("read the contact", connection -> find(connection, id)));
    }

    /** Every contact, sorted for display: by {@link Contact#displayName()} in the user's language, then by ID. */
    public List<Contact> all() throws StoreException {
        List<Contact> contacts = database.transaction("read the contacts", connection -> {
            List<Contact> read = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM contact")) {
                while (rows.next()) {
                    read.add(contact(rows));
                }
            }
            return read;
        });
        Collator collator = Collator.getInstance();
        collator.setStrength(Collator.SECONDARY);
        contacts.sort(Comparator.comparing(Contact::displayName, collator).thenComparing(Contact::id));
        return contacts;
    }

    /**
     * Deletes the contact and all of their history, in one transaction. The deleted text is overwritten
     * with zeros in the database file ({@code secure_delete}) and the write-ahead log is emptied, so it is
     * not left in Punchline's files (the disk itself may keep old blocks). False if there was no such contact.
     */
    public boolean forget(String id) throws StoreException {
        checkId(id);
        boolean forgotten = database.transaction("forget the contact", connection -> {
            try (PreparedStatement messages = connection.prepareStatement("DELETE FROM message WHERE contact_id = ?");
                 PreparedStatement contact = connection.prepareStatement("DELETE FROM contact WHERE id = ?")) {
                messages.setString(1, id);
                messages.executeUpdate();
                contact.setString(1, id);
                return contact.executeUpdate() == 1;
            }
        });
        database.checkpoint("empty the log after forgetting a contact");
        return forgotten;
    }

    private boolean update(String action, String sql, String value, String id) throws StoreException {
        return database.transaction(action, connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, value);
                update.setString(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    static boolean exists(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM contact WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Contact find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM contact WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? contact(rows) : null;
            }
        }
    }

    private static Contact contact(ResultSet row) throws SQLException {
        return new Contact(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                Stored.parse(Trust.class, row.getString(5)), Instant.ofEpochMilli(row.getLong(6)),
                Instant.ofEpochMilli(row.getLong(7)));
    }

    /** An ID: 1 to {@value #MAX_ID_CHARS} characters, no spaces or control characters. */
    static void checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS
                || id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("not a contact ID: " + (id == null ? null : Words.oneLine(id, 70)));
        }
    }

    private static String checkName(String name, String what) {
        if (name == null || name.codePointCount(0, name.length()) > MAX_NAME_CHARS
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("not a " + what + ": " + Words.oneLine(String.valueOf(name), 70));
        }
        return Stored.wellFormed(name);
    }

    /** ASCII only: {@link Character#digit} would also take other scripts' digits. */
    private static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static String checkFingerprint(String fingerprint) {
        if (fingerprint == null || fingerprint.length() != 64
                || !fingerprint.chars().allMatch(ContactBook::isHexDigit)) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits): "
                    + Words.oneLine(String.valueOf(fingerprint), 70));
        }
        return fingerprint.toLowerCase(Locale.ROOT);
    }
}
