package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.net.ClientEvent.Attempt;
import punchline.client.net.ClientEvent.Connected;
import punchline.client.net.ClientEvent.Failed;
import punchline.client.net.ClientEvent.FingerprintChanged;
import punchline.client.net.ClientEvent.MessageReceived;
import punchline.client.net.ClientEvent.NatDetected;
import punchline.client.net.ClientEvent.Relaying;
import punchline.client.net.ClientEvent.RequestReceived;
import punchline.client.net.TestNetwork.Peer;
import punchline.client.store.Trust;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.server.RelayOptions;

/** The relay, NAT diagnosis and fingerprint warnings, with real cores and a real server on loopback. */
@Timeout(60)
class RelayLoopbackTest {

    /**
     * Two "machines" on one host: the server sees each client at its own loopback address, so they do
     * not share a public address and their NAT types decide (on 127.0.0.1 they would be on one LAN).
     */
    private static ClientConfig.Builder on(TestNetwork network, String name, String address, NatType nat)
            throws java.net.UnknownHostException {
        return network.config(name).localAddress(java.net.InetAddress.getByName(address)).natOverride(nat);
    }

    private static void connect(Peer a, Peer b) {
        a.core().connect(b.key());
        b.events().await(RequestReceived.class, request -> request.from().equals(a.key()));
        b.core().accept(a.key());
    }

    @Test
    void aSymmetricPairChatsThroughTheRelayWhichOnlySeesCiphertext() throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            ByteArrayOutputStream relayed = new ByteArrayOutputStream();
            network.server().observeRelayedBytes(chunk -> {
                synchronized (relayed) {
                    relayed.write(chunk, 0, chunk.length);
                }
            });
            Peer ann = network.join(on(network, "Ann", "127.0.0.2", NatType.SYMMETRIC).build());
            Peer bob = network.join(on(network, "Bob", "127.0.0.3", NatType.SYMMETRIC).build());
            assertEquals(NatType.SYMMETRIC, ann.events().await(NatDetected.class).type());
            connect(ann, bob);

            assertTrue(ann.events().await(Relaying.class).reason().contains("symmetric"));
            Connected annSide = ann.events().await(Connected.class);
            Connected bobSide = bob.events().await(Connected.class);
            assertEquals(ClientEvent.Route.RELAY, annSide.route());
            assertEquals(ClientEvent.Route.RELAY, bobSide.route());
            assertEquals(new Endpoint("127.0.0.1", network.port()), annSide.remote(), "through the server");
            assertTrue(ann.events().ofType(Attempt.class).isEmpty(), "no point dialling: went to the relay at once");
            assertEquals(1, network.server().relayCount());

            String secret = "the relay must not read this: 7f3a-secret";
            ann.core().send(bob.key(), secret).get();
            assertEquals(secret, bob.events().await(MessageReceived.class).text());
            bob.core().send(ann.key(), "reply " + secret).get();
            assertEquals("reply " + secret, ann.events().await(MessageReceived.class).text());

            byte[] seen;
            synchronized (relayed) {
                seen = relayed.toByteArray();
            }
            assertTrue(seen.length > 1000, "the relay carried the TLS stream: " + seen.length + " bytes");
            String asText = new String(seen, StandardCharsets.ISO_8859_1);
            assertTrue(!asText.contains("7f3a-secret"), "plaintext crossed the relay");
            assertTrue(!asText.contains("\"chat\""), "chat frames crossed the relay unencrypted");
        }
    }

    @Test
    void oneSymmetricSideIsEnoughToGoToTheRelay() throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            Peer ann = network.join(on(network, "Ann", "127.0.0.2", NatType.EASY).build());
            Peer bob = network.join(on(network, "Bob", "127.0.0.3", NatType.SYMMETRIC).build());
            connect(ann, bob);
            assertTrue(ann.events().await(Relaying.class).reason().contains("Bob's router changes ports"));
            assertEquals(ClientEvent.Route.RELAY, ann.events().await(Connected.class).route());
            assertEquals(ClientEvent.Route.RELAY, bob.events().await(Connected.class).route());
        }
    }

    @Test
    void withoutARelayAnUnpunchablePairFailsAtOnceSayingWhy() throws Exception {
        try (TestNetwork network = new TestNetwork(b -> b.relay(RelayOptions.defaults().withEnabled(false)))) {
            Peer ann = network.join(on(network, "Ann", "127.0.0.2", NatType.SYMMETRIC).build());
            Peer bob = network.join(on(network, "Bob", "127.0.0.3", NatType.EASY).build());
            connect(ann, bob);
            Failed failed = ann.events().await(Failed.class);
            assertEquals(ClientEvent.FailureKind.SYMMETRIC_NAT, failed.kind());
            assertTrue(failed.reason().contains("your router changes ports for every destination"), failed.reason());
            assertTrue(ann.events().ofType(Relaying.class).isEmpty());
            assertEquals(ClientEvent.FailureKind.SYMMETRIC_NAT, bob.events().await(Failed.class).kind());
        }
    }

    @Test
    void theNatIsMeasuredAgainstTheProbePort() throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            Peer ann = network.join("Ann");
            // On loopback the server sees our own address and port: no NAT in between.
            assertEquals(NatType.OPEN, ann.events().await(NatDetected.class).type());
            assertEquals(NatType.OPEN, ann.core().nat());
        }
    }

    /**
     * Trust is keyed on the ID (the key), never on the name: someone new calling themselves Bob is shown as a
     * different person and inherits nothing of Bob's trust; both are then contacts of their own, told apart
     * by ID (two real people named Bob raise no alarm at every chat). Kept across a restart.
     */
    @Test
    void aKnownNameWithANewKeyIsADifferentPersonWhoInheritsNoTrust(@TempDir Path annConfig) throws Exception {
        try (TestNetwork network = new TestNetwork()) {
            Peer ann = network.join(network.config("Ann").configDir(annConfig).build());
            Peer bob = network.join(network.config("Bob").build());
            connect(ann, bob);
            assertEquals(bob.core().id(), ann.events().await(Connected.class).id());
            assertTrue(ann.events().ofType(FingerprintChanged.class).isEmpty(), "first meeting: nothing to compare");
            ann.core().trustCertificate(bob.key()); // compared by phone: Bob is verified
            assertEquals(bob.core().id(), ann.events().await(ClientEvent.FingerprintTrusted.class).id());
            bob.core().stop();
            ann.events().await(ClientEvent.PeerLeft.class);

            // Someone calling themselves Bob, with another key pair, connects later.
            Peer otherBob = network.join(network.config("Bob").build());
            connect(ann, otherBob);
            FingerprintChanged warning = ann.events().await(FingerprintChanged.class);
            assertEquals("Bob", warning.name());
            assertEquals(otherBob.core().id(), warning.id(), "the newcomer's own ID");
            assertEquals(bob.core().id(), warning.knownId(), "not the contact's");
            assertEquals("same-name", warning.match());
            assertEquals(bob.core().fingerprint(), warning.previous());
            assertEquals(otherBob.core().fingerprint(), warning.current());
            ann.events().await(Connected.class, c -> c.peer().equals(otherBob.key()));

            List<Contacts.Entry> contacts = ann.core().contacts().list().get(5, TimeUnit.SECONDS);
            assertEquals(2, contacts.size(), "two people named Bob: " + contacts);
            assertEquals(Trust.VERIFIED, trustOf(contacts, bob.core().id()));
            assertEquals(Trust.UNVERIFIED, trustOf(contacts, otherBob.core().id()), "nothing inherited");

            // After a restart both are still there, apart, as they were.
            ann.core().stop();
            Peer annAgain = network.join(network.config("Ann").configDir(annConfig).build());
            List<Contacts.Entry> again = annAgain.core().contacts().list().get(5, TimeUnit.SECONDS);
            assertEquals(Trust.VERIFIED, trustOf(again, bob.core().id()));
            assertEquals(Trust.UNVERIFIED, trustOf(again, otherBob.core().id()));
            otherBob.core().connect(annAgain.key());
            RequestReceived request = annAgain.events().await(RequestReceived.class);
            assertEquals(otherBob.core().id(), request.id());
            assertTrue(request.known(), "a contact of their own now");
        }
    }

    private static Trust trustOf(List<Contacts.Entry> contacts, String id) {
        return contacts.stream().filter(e -> e.contact().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no contact " + id + " in " + contacts)).contact().trust();
    }
}
