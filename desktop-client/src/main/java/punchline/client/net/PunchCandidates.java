package punchline.client.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.Introduce;

/**
 * Which of the peer's endpoints a punch dials, in which order. A peer's "private" endpoints are only
 * dialled when they are private addresses: a peer may not point our dials at arbitrary hosts on the
 * internet (RFC 5128, §6).
 */
final class PunchCandidates {
    private PunchCandidates() {
    }

    /**
     * Private endpoints first when both sides share a NAT (it will not hairpin), else the public one
     * first; never one of {@code own} (our endpoints, as registered and as the server saw them).
     */
    static List<Endpoint> of(Introduce intro, Set<Endpoint> own) {
        List<Endpoint> privates = new ArrayList<>();
        for (Endpoint endpoint : intro.peerPrivate()) {
            if (isPrivate(endpoint.address(), intro.sameNat())) {
                privates.add(endpoint);
            }
        }
        Set<Endpoint> ordered = new LinkedHashSet<>();
        if (intro.sameNat()) {
            ordered.addAll(privates);
            ordered.add(intro.peerPublic());
        } else {
            ordered.add(intro.peerPublic());
            ordered.addAll(privates);
        }
        ordered.removeAll(own);
        return new ArrayList<>(ordered);
    }

    /** RFC 1918, shared address space (RFC 6598), link-local, IPv6 unique-local; loopback on one machine. */
    static boolean isPrivate(InetAddress address, boolean sameNat) {
        if (address.isLoopbackAddress()) {
            return sameNat;
        }
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10
        }
        return (bytes[0] & 0xfe) == 0xfc; // fc00::/7
    }
}
