package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * Per-address limits count networks, not IPs (issue 12, item 7): an IPv6 /64 is one site however many
 * addresses it uses. Loopback has only ::1, so the grouping is tested here, without sockets.
 */
class FloodLimitsTest {

    private static java.net.InetAddress ip(String literal) {
        return Loopback.address(literal);
    }

    @Test
    void ipv6AddressesOfOneSlash64AreOneAddress() {
        FloodLimits limits = FloodLimits.defaults();
        assertEquals(ip("2001:db8:1:2::"), limits.groupOf(ip("2001:db8:1:2:aaaa:bbbb:cccc:1")));
        assertEquals(limits.groupOf(ip("2001:db8:1:2::1")),
                limits.groupOf(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assertNotEquals(limits.groupOf(ip("2001:db8:1:2::1")),
                limits.groupOf(ip("2001:db8:1:3::1")));
    }

    @Test
    void thePrefixesAreConfigurable() {
        FloodLimits byAddress = FloodLimits.defaults().withPrefixes(32, 128);
        assertNotEquals(byAddress.groupOf(ip("2001:db8::1")), byAddress.groupOf(ip("2001:db8::2")));
        FloodLimits bySite = FloodLimits.defaults().withPrefixes(24, 48);
        assertEquals(bySite.groupOf(ip("2001:db8:1:ffff::1")), bySite.groupOf(ip("2001:db8:1::1")));
        assertEquals(ip("203.0.113.0"), bySite.groupOf(ip("203.0.113.77")));
        FloodLimits oddBits = FloodLimits.defaults().withPrefixes(20, 60);
        assertEquals(ip("10.1.16.0"), oddBits.groupOf(ip("10.1.31.255")));
        assertEquals(ip("2001:db8:0:10::"), oddBits.groupOf(ip("2001:db8:0:1f:1::1")));
    }

    @Test
    void ipv4IsKeptWholeByDefault() {
        assertEquals(ip("198.51.100.7"), FloodLimits.defaults().groupOf(ip("198.51.100.7")));
        assertEquals(ip("198.51.100.7"), FloodLimits.defaults().groupOf(ip("::ffff:198.51.100.7")),
                "an IPv4-mapped address is the IPv4 address");
    }
}
