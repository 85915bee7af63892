package punchline.client.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records a core's events and lets a test wait for one, with a timeout (no sleeps). */
public final class EventRecorder implements ClientEventListener {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    private final List<ClientEvent> events = new ArrayList<>();
    private final String name;

    public EventRecorder(String name) {
        this.name = name;
    }

    @Override
    public synchronized void onEvent(ClientEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<ClientEvent> all() {
        return List.copyOf(events);
    }

    public <T extends ClientEvent> T await(Class<T> type) {
        return await(type, e -> true, DEFAULT_WAIT);
    }

    public <T extends ClientEvent> T await(Class<T> type, Predicate<T> filter) {
        return await(type, filter, DEFAULT_WAIT);
    }

    /** The first recorded event of {@code type} matching {@code filter}, waiting for it if needed. */
    public synchronized <T extends ClientEvent> T await(Class<T> type, Predicate<T> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < events.size(); checked++) {
                ClientEvent event = events.get(checked);
                if (type.isInstance(event) && filter.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(name + " saw no " + type.getSimpleName() + " matching the filter within " + timeout
                        + "; events: " + events);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Events of the given types, in the order they happened. */
    @SafeVarargs
    public final synchronized List<Class<?>> sequence(Class<? extends ClientEvent>... types) {
        List<Class<?>> sequence = new ArrayList<>();
        for (ClientEvent event : events) {
            for (Class<? extends ClientEvent> type : types) {
                if (type.isInstance(event)) {
                    sequence.add(type);
                }
            }
        }
        return sequence;
    }

    public synchronized <T extends ClientEvent> List<T> ofType(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (ClientEvent event : events) {
            if (type.isInstance(event)) {
                matching.add(type.cast(event));
            }
        }
        return matching;
    }
}
