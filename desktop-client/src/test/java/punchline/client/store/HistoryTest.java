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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;
    private LocalStore store;
    private History history;

    @BeforeEach
    void open() throws StoreException {
        store = StoreTesting.open(dir);
        history = store.history();
        store.contacts().upsertSeen(ALICE, "Alice", FINGERPRINT_A, at(0));
        store.contacts().upsertSeen(BOB, "Bob", FINGERPRINT_B, at(0));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void pagingBackReturnsEveryMessageExactlyOnceInOrder() throws Exception {
        // 53 messages in uneven seconds: several share a timestamp, and the clock steps back once
        List<Long> expected = new ArrayList<>();
        long[] seconds = new long[53];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = i < 40 ? i / 3 : 5 + i / 7; // from the 41st message on, the clock went back
        }
        for (int i = 0; i < seconds.length; i++) {
            history.append(ALICE, i % 2 == 0 ? Direction.IN : Direction.OUT, i + 1, "m" + i, at(seconds[i]),
                    at(seconds[i]));
            // Bob's chat, interleaved: none of it may show in Alice's pages
            history.append(BOB, Direction.IN, i + 1, "bob " + i, at(seconds[i]), at(seconds[i]));
        }
        List<StoredMessage> all = history.latest(ALICE, 500).messages();
        all.forEach(m -> expected.add(m.rowId()));
        assertEquals(53, expected.size());

        List<Long> paged = new ArrayList<>();
        HistoryPage page = history.latest(ALICE, 10);
        int pages = 1;
        paged.addAll(0, rowIds(page));
        while (page.hasOlder()) {
            page = history.before(ALICE, page.olderCursor(), 10);
            paged.addAll(0, rowIds(page));
            pages++;
        }

        assertEquals(expected, paged, "every message once, in the order of the whole history");
        assertEquals(6, pages);
        assertEquals(3, page.messages().size(), "the last page holds the rest");
        assertTrue(isOrdered(all), "ordered by stored-at, then row id");
        assertEquals(53, history.count(ALICE));
    }

    @Test
    void aPageAsksForOneMoreRowToKnowWhetherThereAreOlderOnes() throws Exception {
        for (int i = 1; i <= 10; i++) {
            history.append(ALICE, Direction.IN, i, "m" + i, at(i), at(i));
        }
        assertFalse(history.latest(ALICE, 10).hasOlder());
        assertTrue(history.latest(ALICE, 9).hasOlder());
        HistoryPage empty = history.latest(BOB, 10);
        assertTrue(empty.messages().isEmpty());
        assertFalse(empty.hasOlder());
        assertNull(empty.olderCursor());
    }

    @Test
    void messagesArrivingWhilePagingBackDoNotShiftThePages() throws Exception {
        for (int i = 1; i <= 20; i++) {
            history.append(ALICE, Direction.IN, i, "m" + i, at(i), at(i));
        }
        HistoryPage newest = history.latest(ALICE, 5);
        history.append(ALICE, Direction.IN, 21, "new", at(30), at(30));

        HistoryPage older = history.before(ALICE, newest.olderCursor(), 5);

        assertEquals(List.of("m11", "m12", "m13", "m14", "m15"), texts(older));
    }

    @Test
    void aLateAckTurnsAFailedMessageDelivered() throws Exception {
        long row = history.append(ALICE, Direction.OUT, 1, "are you there?", at(1), at(1));
        assertEquals(Delivery.PENDING, delivery(row));

        assertTrue(history.markFailed(ALICE, 1));
        assertEquals(Delivery.FAILED, delivery(row));
        assertTrue(history.markDelivered(ALICE, 1), "the ack came after all");
        assertEquals(Delivery.DELIVERED, delivery(row));

        assertFalse(history.markFailed(ALICE, 1), "a delivered message never goes back");
        assertFalse(history.markDelivered(ALICE, 1), "nothing to change");
        assertEquals(Delivery.DELIVERED, delivery(row));
    }

    @Test
    void acksMatchTheNewestOutgoingMessageWithThatIdOfThatContact() throws Exception {
        long firstLink = history.append(ALICE, Direction.OUT, 1, "yesterday", at(1), at(1));
        history.markFailed(ALICE, 1);
        long theirs = history.append(ALICE, Direction.IN, 1, "their message 1", at(2), at(2));
        long bobs = history.append(BOB, Direction.OUT, 1, "to Bob", at(3), at(3));
        long secondLink = history.append(ALICE, Direction.OUT, 1, "today", at(4), at(4)); // ids restart per link

        assertTrue(history.markDelivered(ALICE, 1));

        assertEquals(Delivery.DELIVERED, delivery(secondLink));
        assertEquals(Delivery.FAILED, delivery(firstLink));
        assertEquals(Delivery.RECEIVED, delivery(theirs));
        assertEquals(Delivery.PENDING, delivery(bobs));
        assertFalse(history.markDelivered(ALICE, 99), "no such message");
    }

    @Test
    void textWithNulEmojiAndRightToLeftMarksComesBackExactly() throws Exception {
        String text = "nul:\u0000: emoji:\uD83D\uDC4B\uD83C\uDFFD"
                + " family:\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"
                + " rtl:\u202Eabc\u202C \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627"
                + " zero-width:\u200B\uFEFF end\u0000";
        history.append(ALICE, Direction.IN, 1, text, at(1), at(1));
        store.close();

        try (LocalStore reopened = StoreTesting.open(dir)) {
            assertEquals(text, reopened.history().latest(ALICE, 1).messages().get(0).text());
        }
    }

    @Test
    void halfACharacterCannotBeStoredInUtf8AndBecomesTheReplacementCharacter() throws Exception {
        history.append(ALICE, Direction.IN, 1, "a\uD83Db\uDC4Bc", at(1), at(1));

        assertEquals("a\uFFFDb\uFFFDc", history.latest(ALICE, 1).messages().get(0).text());
    }

    @Test
    void textUpToTheProtocolLimitIsKeptAndLongerRefused() throws Exception {
        String longest = "\uD83D\uDE00".repeat(History.MAX_TEXT_CHARS); // 4,000 characters, 8,000 UTF-16 units
        history.append(ALICE, Direction.IN, 1, longest, at(1), at(1));
        assertEquals(longest, history.latest(ALICE, 1).messages().get(0).text());

        assertThrows(IllegalArgumentException.class,
                () -> history.append(ALICE, Direction.IN, 2, "x".repeat(History.MAX_TEXT_CHARS + 1), at(2), at(2)));
        assertThrows(IllegalArgumentException.class, () -> history.latest(ALICE, History.MAX_PAGE + 1));
        assertThrows(IllegalArgumentException.class, () -> history.latest(ALICE, 0));
        assertThrows(IllegalArgumentException.class,
                () -> history.append("nobody", Direction.IN, 1, "to whom?", at(1), at(1)));
    }

    @Test
    void pagingUsesTheIndexAndNeverSortsOrScans() throws Exception {
        List<String> plan = store.database().transaction("explain", connection -> {
            List<String> lines = new ArrayList<>();
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + History.PAGE_BEFORE)) {
                explain.setString(1, ALICE);
                explain.setLong(2, 1);
                explain.setLong(3, 1);
                explain.setInt(4, 51);
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        lines.add(rows.getString("detail"));
                    }
                }
            }
            return lines;
        });

        assertEquals(1, plan.size(), plan.toString());
        assertTrue(plan.get(0).startsWith("SEARCH message USING INDEX message_by_time (contact_id=? AND stored_at<"),
                plan.toString());
    }

    @Test
    void aFullDiskIsReportedInWordsAndLosesNothingStored() throws Exception {
        history.append(ALICE, Direction.IN, 1, "kept", at(1), at(1));
        store.database().transaction("cap the file", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA max_page_count = " + pageCount(statement)); // SQLite's "disk full"
            }
            return null;
        });

        StoreException full = assertThrows(StoreException.class, () -> {
            for (int i = 2; i < 1_000; i++) {
                history.append(ALICE, Direction.IN, i, "x".repeat(3_000), at(i), at(i));
            }
        });

        assertTrue(full.getMessage().startsWith("Punchline could not save a message ("), full.getMessage());
        assertTrue(full.getMessage().endsWith("): the disk is full."), full.getMessage());
        List<String> stored = texts(history.latest(ALICE, 500));
        assertEquals("kept", stored.get(0));
        long complete = stored.stream().filter(t -> t.equals("x".repeat(3_000))).count();
        assertEquals(stored.size() - 1, complete, "no message is stored in part");
    }

    private static long pageCount(Statement statement) throws java.sql.SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA page_count")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Delivery delivery(long rowId) throws StoreException {
        return store.database().transaction("read", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT delivery FROM message WHERE id = ?")) {
                select.setLong(1, rowId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return Delivery.valueOf(rows.getString(1));
                }
            }
        });
    }

    private static List<Long> rowIds(HistoryPage page) {
        return page.messages().stream().map(StoredMessage::rowId).toList();
    }

    private static List<String> texts(HistoryPage page) {
        return page.messages().stream().map(StoredMessage::text).toList();
    }

    private static boolean isOrdered(List<StoredMessage> messages) {
        for (int i = 1; i < messages.size(); i++) {
            StoredMessage a = messages.get(i - 1);
            StoredMessage b = messages.get(i);
            int byTime = a.storedAt().compareTo(b.storedAt());
            if (byTime > 0 || byTime == 0 && a.rowId() >= b.rowId()) {
                return false;
            }
        }
        return true;
    }
}
