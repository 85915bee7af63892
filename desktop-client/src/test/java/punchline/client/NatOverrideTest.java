package punchline.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.ClientConfig;
import punchline.client.net.ClientEvent;
import punchline.client.net.ClientEvent.Connected;
import punchline.client.net.ClientEvent.Relaying;
import punchline.client.net.ClientEvent.RequestReceived;
import punchline.client.net.TestNetwork;
import punchline.client.net.TestNetwork.Peer;
import punchline.protocol.NatType;

/**
 * Issue 13, item 12: {@code --nat symmetric} said it sends every chat through the relay, yet a client
 * started with it connected directly. Both sides decide the route from what both know (docs/protocol.md,
 * NAT diagnosis): a symmetric side goes to the relay unless the other has no NAT or shares its NAT,
 * where a direct link works even through a symmetric NAT. The help now says exactly that; these pin it.
 */
@Timeout(60)
class NatOverrideTest {

    @Test
    void theHelpSaysWhenSymmetricStillConnectsDirectly() {
        String usage = ClientOptions.usage();
        assertFalse(usage.contains("symmetric sends every chat through the server's relay"), usage);
        assertTrue(usage.contains("(symmetric: chats go through the server's relay, unless the"), usage);
        assertTrue(usage.contains("other side has no NAT or is behind the same one as you)"), usage);
    }

    @Test
    void symmetricBehindTheSameNatAsThePeerConnectsDirectly() throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            // Both on 127.0.0.1: the server sees one public address, so they share a NAT.
            Peer ann = network.join(network.config("Ann").natOverride(NatType.SYMMETRIC).build());
            Peer bob = network.join("Bob");
            assertEquals(ClientEvent.Route.DIRECT, connect(ann, bob).route());
            assertTrue(ann.events().ofType(Relaying.class).isEmpty());
        }
    }

    @Test
    void symmetricToAPeerWithoutNatConnectsDirectly() throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            Peer ann = network.join(on(network, "Ann", "127.0.0.2", NatType.SYMMETRIC));
            Peer bob = network.join(on(network, "Bob", "127.0.0.3", NatType.OPEN));
            assertEquals(ClientEvent.Route.DIRECT, connect(ann, bob).route());
        }
    }

    @Test
    void symmetricToAPeerBehindAnotherNatGoesThroughTheRelay() throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            Peer ann = network.join(on(network, "Ann", "127.0.0.2", NatType.SYMMETRIC));
            Peer bob = network.join(on(network, "Bob", "127.0.0.3", NatType.EASY));
            assertEquals(ClientEvent.Route.RELAY, connect(ann, bob).route());
            assertTrue(ann.events().await(Relaying.class).reason().contains("your router changes ports"));
        }
    }

    private static ClientConfig on(TestNetwork network, String name, String address, NatType nat) throws Exception {
        return network.config(name).localAddress(InetAddress.getByName(address)).natOverride(nat).build();
    }

    /** Ann asks, Bob accepts; returns Ann's Connected. */
    private static Connected connect(Peer ann, Peer bob) {
        ann.core().connect(bob.key());
        bob.events().await(RequestReceived.class, r -> r.from().equals(ann.key()));
        bob.core().accept(ann.key());
        bob.events().await(Connected.class);
        return ann.events().await(Connected.class);
    }
}
