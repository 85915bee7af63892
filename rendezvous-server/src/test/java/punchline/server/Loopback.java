package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ServerMessage.UserJoined;

/**
 * A real rendezvous server on 127.0.0.1 and an ephemeral port, and the raw clients of one test; all of
 * them are closed after the test. Register with {@code @RegisterExtension final Loopback loopback = ...}.
 */
final class Loopback implements AfterEachCallback {
    static final InetAddress LOCALHOST = localhost();

    private final List<RawClient> clients = new ArrayList<>();
    private RendezvousServer server;

    /** Test defaults: loopback only, any free port, no console, a short hello timeout. */
    static ServerOptions.Builder options() {
        return ServerOptions.builder()
                .bindAddress(LOCALHOST)
                .port(0)
                .console(false)
                .helloTimeout(Duration.ofSeconds(2));
    }

    /** The server of this test, started with {@link #options()} unless {@link #start} came first. */
    RendezvousServer server() {
        if (server == null) {
            start(options());
        }
        return server;
    }

    RendezvousServer start(ServerOptions.Builder options) {
        if (server != null) {
            throw new IllegalStateException("this test already has a server");
        }
        RendezvousServer started = new RendezvousServer(options.build());
        try {
            started.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = started;
        return server;
    }

    /** A connection that has not said anything yet. */
    RawClient connect() {
        RawClient client = RawClient.connect(server().localAddress());
        clients.add(client);
        return client;
    }

    /** A registered user in the default room. */
    RawClient join(String name) {
        return join(name, Hello.DEFAULT_ROOM);
    }

    /** A registered user in {@code room}, having read its welcome, user list and first ping. */
    RawClient join(String name, String room) {
        RawClient client = connect();
        return client.register(client.hello(name, room));
    }

    /**
     * Registered users in one room, each having read the user-joined of those who came after it, so
     * every client starts with nothing unread.
     */
    List<RawClient> joinAll(String room, String... names) {
        List<RawClient> joined = new ArrayList<>();
        for (String name : names) {
            RawClient newcomer = join(name, room);
            for (RawClient earlier : joined) {
                assertEquals(newcomer.info(), earlier.expect(UserJoined.class).user());
            }
            joined.add(newcomer);
        }
        return joined;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(RawClient::close);
        clients.clear();
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private static InetAddress localhost() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
