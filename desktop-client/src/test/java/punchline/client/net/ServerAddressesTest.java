package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent.Registered;
import punchline.server.RendezvousServer;
import punchline.server.ServerOptions;

/** Several server addresses (a cluster's nodes): parsed, tried in turn, and moved on from when one dies. */
class ServerAddressesTest {
    @Test
    void parsesOneOrSeveralAddressesAndNamesTheServerByTheWholeList() {
        ServerAddresses one = ServerAddresses.parse("chat.example.org");
        assertEquals(List.of(new ServerAddresses.HostPort("chat.example.org", 3333)), one.entries());
        ServerAddresses nodes = ServerAddresses.parse("a.example.org:4000, 192.0.2.7 ,[2001:db8::1]:3333");
        assertEquals("a.example.org:4000,192.0.2.7:3333,[2001:db8::1]:3333", nodes.name(),
                "one identity for the whole cluster, whichever node answers");
        assertEquals(nodes, ServerAddresses.parse("a.example.org:4000,192.0.2.7:3333,[2001:db8::1]:3333,192.0.2.7"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddresses.parse("a:3333,,b:3333"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddresses.parse("a:99999"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddresses.parse(",a"));
    }

    @Test
    void triesEachAddressInTurnAndComesRound() throws UnknownHostException {
        ServerAddresses.Rotation rotation = ServerAddresses.parse("127.0.0.1:4001,127.0.0.2:4002").rotation();
        List<InetSocketAddress> tried = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tried.add(rotation.next());
        }
        InetSocketAddress first = new InetSocketAddress("127.0.0.1", 4001);
        InetSocketAddress second = new InetSocketAddress("127.0.0.2", 4002);
        assertEquals(List.of(first, second, first, second), tried);
    }

    @Test
    void aNameThatDoesNotResolveIsPassedOverAndNoneResolvingIsAnError() throws UnknownHostException {
        ServerAddresses.Rotation rotation = ServerAddresses.parse("no-such-host.invalid,127.0.0.1:4001").rotation();
        assertEquals(new InetSocketAddress("127.0.0.1", 4001), rotation.next());
        assertThrows(UnknownHostException.class, () -> ServerAddresses.parse("no-such-host.invalid").rotation().next());
    }

    /** The nodes of a cluster share one identity: the certificate pinned under the list is every node's. */
    @Test
    void whenItsServerStopsTheClientRejoinsThroughTheNextAddress() throws IOException {
        try (TestNetwork network = new TestNetwork()) {
            RendezvousServer other = nextServer(network.serverDataDir()); // one identity, as a cluster's nodes
            try {
                TestNetwork.Peer ann = join(network, servers(network, other));
                assertEquals(1, network.server().users().size());
                network.stopServer();
                Registered again = ann.events().await(Registered.class, Registered::rejoined);
                assertEquals(List.of(again.key()), other.users().stream().map(u -> u.key()).toList(),
                        "registered with the other server");
                assertTrue(again.rejoined());
            } finally {
                other.stop();
            }
        }
    }

    /**
     * A node with an identity of its own is not the server the client pinned: the client refuses it, says
     * so, and does not register there (someone in the middle would look the same).
     */
    @Test
    void aNextAddressShowingAnotherCertificateIsRefused() throws IOException {
        try (TestNetwork network = new TestNetwork()) {
            RendezvousServer impostor = nextServer(null); // a fresh identity
            try {
                ServerAddresses servers = servers(network, impostor);
                TestNetwork.Peer ann = join(network, servers);
                network.stopServer();
                ClientEvent.ServerCertificateChanged refused = ann.events().await(
                        ClientEvent.ServerCertificateChanged.class);
                assertEquals(servers.name(), refused.server(), "pinned under the list as given");
                assertEquals(impostor.fingerprint(), refused.presented());
                assertEquals(List.of(), impostor.users(), "nobody registered with the impostor");
            } finally {
                impostor.stop();
            }
        }
    }

    /** A second server on loopback: with the identity kept in {@code dataDir}, or (null) a fresh one. */
    private static RendezvousServer nextServer(Path dataDir) throws IOException {
        ServerOptions.Builder options = ServerOptions.builder().bindAddress(InetAddress.getLoopbackAddress())
                .port(0).probePort(0).heartbeatInterval(Duration.ofSeconds(1)).console(false);
        RendezvousServer server = new RendezvousServer((dataDir == null ? options : options.dataDir(dataDir)).build());
        server.start();
        return server;
    }

    /** The network's server, then {@code next}, as one server list. */
    private static ServerAddresses servers(TestNetwork network, RendezvousServer next) {
        return ServerAddresses.parse("127.0.0.1:" + network.port() + ",127.0.0.1:" + next.port());
    }

    /** Ann joins through {@code servers}, at the network's timings. */
    private static TestNetwork.Peer join(TestNetwork network, ServerAddresses servers) throws IOException {
        ClientConfig config = network.config("ann").build();
        return network.join(ClientConfig.builder(servers, "ann")
                .reconnectBackoff(config.reconnectMin(), config.reconnectMax())
                .serverTimeout(config.serverTimeout()).build());
    }
}
