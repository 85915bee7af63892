package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ClientMessage.RelayJoin;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Request;
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
                .maxPerAddress(0) // every test client comes from 127.0.0.1
                .floodLimits(FloodLimits.unlimited())
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

    /** A connection from another loopback address ("127.0.0.2"): another computer, to the server. */
    RawClient connectFrom(String address) {
        RawClient client = RawClient.connect(server().localAddress(), address(address));
        clients.add(client);
        return client;
    }

    /** A registered user in the default room who comes from another loopback address. */
    RawClient joinFrom(String address, String name) {
        return joinFrom(address, name, Hello.DEFAULT_ROOM);
    }

    /** A registered user in {@code room} who comes from another loopback address. */
    RawClient joinFrom(String address, String name, String room) {
        RawClient client = connectFrom(address);
        return client.register(client.hello(name, room));
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
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

    /** What an accepted request told each side. */
    record Introduction(Introduce toRequester, Introduce toTarget) {
        /** The secret both sides present to the relay. */
        String token() {
            return toRequester.token();
        }
    }

    /** Two relay connections of one introduction, both past relay-ready: a byte pipe through the server. */
    record RelayPair(RawClient requester, RawClient target) {
    }

    /** {@code requester} asks {@code target}, who accepts: both are introduced. */
    Introduction introduce(RawClient requester, RawClient target) {
        requester.send(new Connect(target.key()));
        assertEquals(new Request(requester.key(), requester.info().name(), requester.id()),
                target.expect(Request.class));
        target.send(new Accept(requester.key()));
        Introduction introduction = new Introduction(requester.expect(Introduce.class), target.expect(Introduce.class));
        assertEquals(introduction.toRequester().token(), introduction.toTarget().token());
        return introduction;
    }

    /** A new connection whose first message asks the relay to splice it, as {@code key}, for {@code token}. */
    RawClient joinRelay(String token, String key) {
        RawClient client = connect();
        client.send(new RelayJoin(token, key));
        return client;
    }

    /** {@link #joinRelay} from another loopback address. */
    RawClient joinRelayFrom(String address, String token, String key) {
        RawClient client = connectFrom(address);
        client.send(new RelayJoin(token, key));
        return client;
    }

    /** Two fresh users, Ann and Bob, introduced, each with a relay connection that got relay-ready. */
    RelayPair openRelay() {
        List<RawClient> users = joinAll(Hello.DEFAULT_ROOM, "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        String token = introduce(ann, bob).token();
        return openRelay(token, ann, bob);
    }

    /** The relay connections of an introduction between {@code requester} and {@code target}. */
    RelayPair openRelay(String token, RawClient requester, RawClient target) {
        RawClient first = joinRelay(token, requester.key());
        RawClient second = joinRelay(token, target.key());
        first.expectRelayReady();
        second.expectRelayReady();
        return new RelayPair(first, second);
    }

    /**
     * Polls {@code condition} on the server's I/O thread until it holds, for at most ten seconds. Each
     * poll is a round trip to that thread: the loop waits on the server and never sleeps.
     */
    void awaitOnServer(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server().call(condition::getAsBoolean)) {
            assertTrue(System.nanoTime() - deadline < 0, "never happened: " + what);
        }
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
