package punchline.client.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the history store behaves with a large chat: 100,000 messages with one contact (and 20,000 with
 * another). Prints figures; asserts nothing (timings are not tests on a shared machine). Not run by
 * {@code mvn test}: see docs/benchmarks.md for the command.
 *
 * <ul>
 *   <li>paging back through the whole chat, 50 at a time, by keyset (what {@link History#before} does),
 *       side by side with the same pages fetched by {@code LIMIT/OFFSET}, the usual alternative;</li>
 *   <li>{@link History#append} one message per transaction, with {@code synchronous=FULL} (what the store
 *       uses) and {@code NORMAL} (no flush per commit) for comparison;</li>
 *   <li>opening the file (the quick_check included), {@link History#latest} and {@link History#count}.</li>
 * </ul>
 */
public final class HistoryBenchmark {
    private static final String BIG = "big-chat-contact";
    private static final String OTHER = "other-contact";
    private static final int BIG_MESSAGES = 100_000;
    private static final int OTHER_MESSAGES = 20_000;
    private static final int PAGE = 50;
    private static final int APPENDS = 200;
    private static final String OFFSET_PAGE = "SELECT id, contact_id, direction, message_id, text, sent_at, stored_at,"
            + " delivery FROM message WHERE contact_id = ? ORDER BY stored_at DESC, id DESC LIMIT ? OFFSET ?";

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path parent = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(parent, "punchline-history-bench");
        try {
            run(dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Path dir) throws Exception {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        try (LocalStore store = LocalStore.open(dir)) {
            store.contacts().upsertSeen(BIG, "Big", "a".repeat(64), t0);
            store.contacts().upsertSeen(OTHER, "Other", "b".repeat(64), t0);
            long start = System.nanoTime();
            fill(store, BIG, BIG_MESSAGES, t0);
            fill(store, OTHER, OTHER_MESSAGES, t0);
            System.out.printf("setup: %,d + %,d messages inserted in bulk in %.1f s%n", BIG_MESSAGES, OTHER_MESSAGES,
                    seconds(start));
        }
        System.out.printf("file size: %.1f MiB%n", Files.size(dir.resolve(LocalStore.FILE_NAME)) / 1048576.0);

        long openStart = System.nanoTime();
        try (LocalStore store = LocalStore.open(dir)) {
            System.out.printf("open (quick_check and migrations included): %.0f ms%n", millis(openStart));
            History history = store.history();
            history.latest(BIG, PAGE); // warm the cache as a running app would be

            double[] latest = repeat(20, () -> history.latest(BIG, PAGE));
            double[] count = repeat(5, () -> history.count(BIG));
            System.out.printf("latest(%d): median %.2f ms; count(): median %.1f ms%n", PAGE, median(latest),
                    median(count));

            List<Double> keyset = new ArrayList<>();
            long seen = 0;
            long walkStart = System.nanoTime();
            HistoryPage page = history.latest(BIG, PAGE);
            seen += page.messages().size();
            while (page.hasOlder()) {
                long pageStart = System.nanoTime();
                page = history.before(BIG, page.olderCursor(), PAGE);
                keyset.add(millis(pageStart));
                seen += page.messages().size();
            }
            double keysetTotal = seconds(walkStart);

            List<Double> offset = new ArrayList<>();
            long offsetStart = System.nanoTime();
            for (int skip = PAGE; skip < BIG_MESSAGES; skip += PAGE) {
                long pageStart = System.nanoTime();
                offsetPage(store, skip);
                offset.add(millis(pageStart));
            }
            double offsetTotal = seconds(offsetStart);

            System.out.printf("%npaging back through %,d messages, %d per page (%,d pages)%n", seen, PAGE,
                    keyset.size() + 1);
            System.out.printf("%-22s %9s %10s %10s %10s %10s%n", "", "total s", "median ms", "first ms", "deepest ms",
                    "max ms");
            System.out.printf("%-22s %9.2f %10.2f %10.2f %10.2f %10.2f%n", "keyset (the store)", keysetTotal,
                    median(keyset), keyset.get(0), last(keyset), max(keyset));
            System.out.printf("%-22s %9.2f %10.2f %10.2f %10.2f %10.2f%n", "LIMIT/OFFSET baseline", offsetTotal,
                    median(offset), offset.get(0), last(offset), max(offset));
        }

        System.out.printf("%nappend, one message per transaction (%d messages)%n", APPENDS);
        System.out.printf("%-22s %12s %12s%n", "", "median ms", "per second");
        for (String synchronous : List.of("FULL", "NORMAL")) {
            try (LocalStore store = LocalStore.open(dir)) {
                store.database().transaction("set synchronous", connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("COMMIT"); // the setting is made outside a transaction
                        statement.execute("PRAGMA synchronous = " + synchronous);
                        statement.execute("BEGIN");
                    }
                    return null;
                });
                double[] appends = new double[APPENDS];
                long start = System.nanoTime();
                for (int i = 0; i < APPENDS; i++) {
                    long one = System.nanoTime();
                    store.history().append(OTHER, Direction.OUT, i + 1, "a message of ordinary length, say this one",
                            Instant.now(), Instant.now());
                    appends[i] = millis(one);
                }
                String label = "synchronous=" + synchronous + (synchronous.equals("FULL") ? " (used)" : "");
                System.out.printf("%-22s %12.2f %12.0f%n", label, median(appends), APPENDS / seconds(start));
            }
        }
    }

    private static void fill(LocalStore store, String contact, int messages, Instant t0) throws StoreException {
        store.database().transaction("fill", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO message (contact_id, direction,"
                    + " message_id, text, sent_at, stored_at, delivery) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < messages; i++) {
                    boolean in = i % 2 == 0;
                    long at = t0.toEpochMilli() + i * 1_000L;
                    insert.setString(1, contact);
                    insert.setString(2, in ? "IN" : "OUT");
                    insert.setLong(3, i + 1);
                    insert.setString(4, "message " + i + " of a long chat, about as long as most chat lines are");
                    insert.setLong(5, at);
                    insert.setLong(6, at);
                    insert.setString(7, in ? "RECEIVED" : "DELIVERED");
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static void offsetPage(LocalStore store, int skip) throws StoreException {
        store.database().transaction("page by offset", connection -> {
            try (PreparedStatement select = connection.prepareStatement(OFFSET_PAGE)) {
                select.setString(1, BIG);
                select.setInt(2, PAGE);
                select.setInt(3, skip);
                int rows = 0;
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        result.getString(5);
                        rows++;
                    }
                }
                return rows;
            }
        });
    }

    private interface Call {
        void run() throws Exception;
    }

    private static double[] repeat(int times, Call call) throws Exception {
        double[] result = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            call.run();
            result[i] = millis(start);
        }
        return result;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
