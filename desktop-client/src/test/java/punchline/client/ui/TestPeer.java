package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import punchline.client.net.ClientConfig;
import punchline.client.net.ClientCore;
import punchline.client.net.ClientEvent;

/** The other side of a chat: a plain client core, with every event it reported kept for the test to wait on. */
final class TestPeer implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    final ClientCore core;
    private final List<ClientEvent> events = new ArrayList<>();

    private TestPeer(ClientCore core) {
        this.core = core;
    }

    /** Joins the server on 127.0.0.1 and waits until registered. */
    static TestPeer join(int serverPort, String name) throws IOException {
        TestPeer peer = new TestPeer(new ClientCore(ClientConfig.builder("127.0.0.1", serverPort, name)
                .punchDeadline(Duration.ofSeconds(3)).build()));
        peer.core.addListener(peer::record);
        peer.core.start();
        peer.await(ClientEvent.Registered.class, e -> true);
        return peer;
    }

    String key() {
        return core.key();
    }

    private synchronized void record(ClientEvent event) {
        events.add(event);
        notifyAll();
    }

    /** The first event of {@code type} matching {@code match}, seen so far or arriving within the wait. */
    synchronized <T extends ClientEvent> T await(Class<T> type, Predicate<T> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (ClientEvent event : events) {
                if (type.isInstance(event) && match.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("peer saw no " + type.getSimpleName() + " in time; it saw " + events);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** The key of the user called {@code name}, from the room list or a join this peer saw. */
    String keyOf(String name) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                for (ClientEvent event : events) {
                    if (event instanceof ClientEvent.Users users) {
                        for (var user : users.users()) {
                            if (user.name().equals(name)) {
                                return user.key();
                            }
                        }
                    } else if (event instanceof ClientEvent.UserJoined joined && joined.user().name().equals(name)) {
                        return joined.user().key();
                    }
                }
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return fail("peer never saw a user called " + name);
    }

    synchronized long count(Class<? extends ClientEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Override
    public void close() {
        core.stop();
    }
}
