package punchline.client.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.sqlite.SQLiteConfig;

/** Shared pieces of the store tests. */
final class StoreTesting {
    /** A short wait for the lock, so the "in use" tests do not wait the real three seconds. */
    static final Duration SHORT_BUSY = Duration.ofMillis(200);
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final String ALICE = "alice-id-0001";
    static final String BOB = "bob-id-0002";
    static final String FINGERPRINT_A = "a".repeat(64);
    static final String FINGERPRINT_B = "b".repeat(64);

    private StoreTesting() {
    }

    static LocalStore open(Path dir) throws StoreException {
        return LocalStore.open(dir, SHORT_BUSY, CLOCK, Schema.MIGRATIONS);
    }

    /** A plain connection to {@code file}, for making files as an older or newer Punchline would have. */
    static Connection rawConnection(Path file) throws SQLException {
        return new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
    }

    static void execute(Path file, String... statements) throws SQLException {
        try (Connection connection = rawConnection(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
