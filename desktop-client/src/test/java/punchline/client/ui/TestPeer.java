package punchline.client.ui;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import punchline.client.net.ClientConfig;
import punchline.client.net.ClientCore;
import punchline.client.net.ClientEvent;

/** The other side of a chat: a plain client core, with every event it reported kept for the test to wait on. */
final class TestPeer implements AutoCloseable {
    final ClientCore core;
    final History<ClientEvent> events;

    private TestPeer(ClientCore core, String name) {
        this.core = core;
        this.events = new History<>("peer " + name);
    }

    /** Joins the server on 127.0.0.1 and waits until registered. */
    static TestPeer join(int serverPort, String name) throws IOException {
        return join(serverPort, name, UnaryOperator.identity());
    }

    /** Joins with some settings changed, e.g. {@code b -> b.localAddress(...).natOverride(NatType.SYMMETRIC)}. */
    static TestPeer join(int serverPort, String name, UnaryOperator<ClientConfig.Builder> settings) throws IOException {
        TestPeer peer = new TestPeer(new ClientCore(settings.apply(ClientConfig.builder("127.0.0.1", serverPort, name)
                .punchTimeout(Duration.ofSeconds(3))).build()), name);
        peer.core.addListener(peer.events::add);
        peer.core.start();
        peer.await(ClientEvent.Registered.class, e -> true);
        return peer;
    }

    <T extends ClientEvent> T await(Class<T> type, Predicate<T> match) {
        return events.await(type, match);
    }

    /** The key of the user called {@code name}, from the room list this peer got on joining. */
    String keyOf(String name) {
        return events.await(ClientEvent.Users.class, users -> users.users().stream()
                        .anyMatch(user -> user.name().equals(name)))
                .users().stream().filter(user -> user.name().equals(name)).findFirst().orElseThrow().key();
    }

    @Override
    public void close() {
        core.stop();
    }
}
