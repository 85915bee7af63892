package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a test peer received, in order, for the test to wait on. Thread-safe. */
final class History<T> {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String owner;
    private final List<T> items = new ArrayList<>();

    History(String owner) {
        this.owner = owner;
    }

    synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    /** The first item of {@code type} matching {@code match}, received so far or within the wait. */
    synchronized <S extends T> S await(Class<S> type, Predicate<S> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (T item : items) {
                if (type.isInstance(item) && match.test(type.cast(item))) {
                    return type.cast(item);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(owner + " got no " + type.getSimpleName() + " in time; it got " + items);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    synchronized long count(Class<? extends T> type) {
        return items.stream().filter(type::isInstance).count();
    }
}
