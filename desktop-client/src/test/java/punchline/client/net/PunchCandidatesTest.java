package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import punchline.protocol.Endpoint;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * What a punch dials, without dialling anything: only what a real peer could be, whatever the
 * introduction (a hostile peer's hello, or a lying server) lists as its endpoints (issue 12, item 6).
 */
class PunchCandidatesTest {
    private static final Endpoint OURS = Endpoint.parse("203.0.113.11:40000");
    private static final Endpoint THEIRS = Endpoint.parse("203.0.113.12:40000");
    private static final Endpoint BEHIND_OUR_NAT = Endpoint.parse("203.0.113.11:41000");
    private static final Endpoint LAN = Endpoint.parse("192.168.1.3:40000");
    private static final Endpoint CGNAT = Endpoint.parse("100.64.7.1:40000");
    private static final Endpoint METADATA = Endpoint.parse("169.254.169.254:80");
    private static final Endpoint LINK_LOCAL_V6 = Endpoint.parse("[fe80::1]:40000");
    private static final Endpoint LOOPBACK = Endpoint.parse("127.0.0.1:40000");
    private static final Endpoint ON_THE_INTERNET = Endpoint.parse("198.51.100.80:80");
    private static final List<Endpoint> EVERYTHING = List.of(LAN, METADATA, LINK_LOCAL_V6, LOOPBACK, ON_THE_INTERNET,
            CGNAT);

    @Test
    void acrossTwoNatsOnlyThePublicEndpointIsDialled() {
        assertEquals(List.of(THEIRS), PunchCandidates.of(intro(THEIRS, EVERYTHING, false), Set.of(OURS), OURS));
    }

    @Test
    void aServerThatSaysSameNatForTwoPublicAddressesGetsNoPrivateDial() {
        assertEquals(List.of(THEIRS), PunchCandidates.of(intro(THEIRS, EVERYTHING, true), Set.of(OURS), OURS));
        assertEquals(List.of(THEIRS), PunchCandidates.of(intro(THEIRS, EVERYTHING, true), Set.of(), null),
                "our public address not known yet: nothing private either");
    }

    @Test
    void behindOneNatOnlyPrivateAddressesFirstNeverLinkLocalOrLoopback() {
        assertEquals(List.of(LAN, CGNAT, BEHIND_OUR_NAT),
                PunchCandidates.of(intro(BEHIND_OUR_NAT, EVERYTHING, true), Set.of(OURS), OURS));
    }

    @Test
    void atMostFourPrivateEndpoints() {
        List<Endpoint> eight = List.of(Endpoint.parse("10.0.0.1:1"), Endpoint.parse("10.0.0.2:1"),
                Endpoint.parse("10.0.0.3:1"), Endpoint.parse("10.0.0.4:1"), Endpoint.parse("10.0.0.5:1"),
                Endpoint.parse("10.0.0.6:1"), Endpoint.parse("10.0.0.7:1"), Endpoint.parse("10.0.0.8:1"));
        List<Endpoint> dialled = PunchCandidates.of(intro(BEHIND_OUR_NAT, eight, true), Set.of(OURS), OURS);
        assertEquals(List.of(eight.get(0), eight.get(1), eight.get(2), eight.get(3), BEHIND_OUR_NAT), dialled);
    }

    @Test
    void loopbackOnlyWhenBothAreOnThisHost() {
        Endpoint ourLoopback = Endpoint.parse("127.0.0.1:41000");
        Endpoint peerLoopback = Endpoint.parse("127.0.0.1:42000");
        assertEquals(List.of(peerLoopback),
                PunchCandidates.of(intro(peerLoopback, List.of(peerLoopback, ourLoopback), true), Set.of(ourLoopback),
                        ourLoopback));
        assertEquals(List.of(), PunchCandidates.of(intro(LOOPBACK, List.of(), false), Set.of(OURS), OURS),
                "a peer seen at loopback by a server elsewhere is not on this host: nothing to dial");
    }

    @Test
    void aLinkLocalPublicEndpointIsNeverDialled() {
        assertEquals(List.of(), PunchCandidates.of(intro(METADATA, List.of(), false), Set.of(OURS), OURS));
    }

    private static Introduce intro(Endpoint peerPublic, List<Endpoint> privates, boolean sameNat) {
        return new Introduce("bbbbbb", "Bob", peerPublic, privates, PunchHarness.TOKEN, Role.INITIATOR, 0, sameNat,
                Identity.generate().fingerprint(), NatType.EASY);
    }
}
