package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ClientMessage.NatReport;
import punchline.protocol.ErrorCode;
import punchline.protocol.NatType;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.ProbeResult;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.UserLeft;
import punchline.protocol.ServerMessage.Welcome;

/**
 * NAT diagnosis: the probe port tells each connection the endpoint it came from, the welcome says where
 * the probe port is and whether the server relays, and what a client reports of its NAT (and the
 * fingerprint of its hello) reaches the peers it is introduced to.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProbeTest {

    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void theProbePortAnswersEachConnectionWithTheEndpointItCameFromThenCloses() {
        RawClient bystander = loopback.join("Bystander");
        InetSocketAddress probe = new InetSocketAddress(Loopback.LOCALHOST, loopback.server().probePort());

        try (RawClient first = RawClient.connectPlain(probe); RawClient second = RawClient.connectPlain(probe)) {
            assertNotEquals(first.localEndpoint(), second.localEndpoint());
            for (RawClient client : List.of(second, first)) {
                assertEquals(new ProbeResult(client.localEndpoint()), client.expect(ProbeResult.class));
                client.expectClosed();
            }
        }
        bystander.sync();
        assertEquals(1, loopback.server().connectionCount(), "probes are not clients");
    }

    @Test
    void theWelcomeCarriesTheBoundProbePortAndThatTheServerRelays() {
        RendezvousServer server = loopback.start(Loopback.options().probePort(0));
        Integer probePort = server.probePort();
        assertNotNull(probePort, "port 0 binds any free port");
        assertNotEquals(server.port(), probePort.intValue());

        Welcome welcome = loopback.join("Ann").welcome();

        assertEquals(probePort, welcome.probePort());
        assertTrue(welcome.relay());
        RawClient probe = RawClient.connectPlain(new InetSocketAddress(Loopback.LOCALHOST, welcome.probePort()));
        assertEquals(probe.localEndpoint(), probe.expect(ProbeResult.class).publicEndpoint());
        probe.close();
    }

    @Test
    void withoutProbeOrRelayTheWelcomeSaysNeither() {
        RendezvousServer server = loopback.start(Loopback.options()
                .probePort(ServerOptions.NO_PROBE)
                .relay(RelayOptions.defaults().withEnabled(false)));
        assertNull(server.probePort());

        Welcome welcome = loopback.join("Ann").welcome();

        assertNull(welcome.probePort());
        assertFalse(welcome.relay());
    }

    @Test
    void theReportedNatAndTheCertificatesFingerprintReachThePeerAndTheNatDefaultsToUnknown() {
        RawClient ann = loopback.connect();
        ann.register(new Hello(ProtocolVersion.CURRENT, "Ann",
                "lobby", List.of(ann.localEndpoint()), ann.fingerprint()));
        ann.send(new NatReport(NatType.SYMMETRIC));
        RawClient bob = loopback.joinAll("lobby", "Bob").get(0);
        ann.expect(UserJoined.class);

        Loopback.Introduction first = loopback.introduce(ann, bob);

        assertEquals(NatType.SYMMETRIC, first.toTarget().peerNat(), "Bob learns Ann's NAT");
        assertEquals(ann.fingerprint(), first.toTarget().peerFingerprint(), "and the certificate to pin");
        assertEquals(NatType.UNKNOWN, first.toRequester().peerNat(), "Bob never reported");
        assertEquals(bob.fingerprint(), first.toRequester().peerFingerprint(),
                "Bob's hello named no fingerprint: the one of the certificate he presented");

        ann.send(new NatReport(NatType.OPEN));
        bob.send(new NatReport(NatType.EASY));
        Loopback.Introduction second = loopback.introduce(bob, ann);

        assertEquals(NatType.OPEN, second.toRequester().peerNat(), "the latest report counts");
        assertEquals(NatType.EASY, second.toTarget().peerNat());
        assertEquals(ann.fingerprint(), second.toRequester().peerFingerprint());
        ann.sync();
        bob.sync();
    }

    @Test
    void aNatReportBeforeHelloIsUnexpectedAndAnUnknownNatTypeIsInvalid() {
        RawClient bystander = loopback.join("Bystander");
        RawClient early = loopback.connect();
        early.send(new NatReport(NatType.EASY));
        early.expectError(ErrorCode.UNEXPECTED_MESSAGE);
        early.expectClosed();

        RawClient odd = loopback.join("Odd");
        bystander.expect(UserJoined.class);
        odd.sendRaw("{\"type\":\"nat-report\",\"nat\":\"cone\"}\n");
        odd.expectError(ErrorCode.INVALID_MESSAGE);
        odd.expectClosed();
        bystander.expect(UserLeft.class);
        bystander.sync();
    }
}
