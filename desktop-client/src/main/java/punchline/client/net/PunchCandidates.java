package punchline.client.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import punchline.protocol.Endpoint;
import punchline.protocol.ServerMessage.Introduce;

/**
 * Which of the peer's endpoints a punch dials, in which order: only what a real peer could be (RFC 5128,
 * §6), since the endpoints come from the introduction and a peer (or a server) may otherwise steer our
 * dials into our own network or at any host. The public endpoint, unless it is link-local, or loopback
 * while we are not on the server's machine; the peer's "private" endpoints only when both sides sit behind
 * the same public address (the only case they can help: that NAT may not hairpin), only private
 * addresses, never link-local (169.254.169.254 is a cloud's metadata service), loopback only when both
 * are on this host, and at most {@link #MAX_PRIVATE} of them.
 */
final class PunchCandidates {
    /** Private endpoints dialled at most: a host's LAN addresses, not a scan. */
    static final int MAX_PRIVATE = 4;

    private PunchCandidates() {
    }

    /**
     * Private endpoints first when both sides share a NAT (it will not hairpin), else the public one
     * alone; never one of {@code own} (our endpoints, as registered and as the server saw them).
     * {@code ourPublic}: our endpoint as the server saw it (null when not known: then nothing private).
     */
    static List<Endpoint> of(Introduce intro, Set<Endpoint> own, Endpoint ourPublic) {
        InetAddress peerPublic = intro.peerPublic().address();
        boolean sameHost = ourPublic != null && ourPublic.address().isLoopbackAddress()
                && peerPublic.isLoopbackAddress();
        boolean sameNat = intro.sameNat() && ourPublic != null && ourPublic.address().equals(peerPublic);
        List<Endpoint> privates = new ArrayList<>();
        if (sameNat) {
            for (Endpoint endpoint : intro.peerPrivate()) {
                if (privates.size() < MAX_PRIVATE && isPrivate(endpoint.address(), sameHost)) {
                    privates.add(endpoint);
                }
            }
        }
        Set<Endpoint> ordered = new LinkedHashSet<>(privates);
        if (isDiallable(peerPublic, sameHost)) {
            ordered.add(intro.peerPublic());
        }
        ordered.removeAll(own);
        return new ArrayList<>(ordered);
    }

    /** Where a peer seen by the server can be: not link-local, not loopback unless both are on this host. */
    static boolean isDiallable(InetAddress address, boolean sameHost) {
        if (address.isLoopbackAddress()) {
            return sameHost;
        }
        return !address.isLinkLocalAddress() && !address.isAnyLocalAddress() && !address.isMulticastAddress();
    }

    /** RFC 1918, shared address space (RFC 6598), IPv6 unique-local; loopback only on one machine. */
    static boolean isPrivate(InetAddress address, boolean sameHost) {
        if (address.isLoopbackAddress()) {
            return sameHost;
        }
        if (address.isSiteLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10
        }
        return (bytes[0] & 0xfe) == 0xfc; // fc00::/7
    }
}
