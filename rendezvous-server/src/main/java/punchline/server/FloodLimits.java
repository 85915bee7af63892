package punchline.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How fast one address, one room and one user's requests may go, so that nobody with a script can
 * crowd out the others. An "address" is a network, not an IP: IPv4 addresses are grouped by
 * {@code ipv4Prefix} bits (32: each address alone) and IPv6 ones by {@code ipv6Prefix} (64: a home or an
 * office gets a /64, and every address in it is one client). The budgets of an address outlive its
 * connections, so reconnecting does not refill them. A rate of 0 means no limit.
 *
 * @param connectionsPerSecond new connections one address may open per second (a burst of three seconds'
 *                             worth, at least 10: a NAT's users reconnecting after a restart)
 * @param joinsPerMinute       hellos one address may say per minute (a burst of a third of a minute's worth)
 * @param roomJoinsPerSecond   users who may join one room per second (a burst of five seconds' worth): each
 *                             join and each leave is a message to everyone in the room
 * @param maxRequestsPerTarget connect requests one user may have waiting for an answer; more are refused
 *                             to their senders
 */
public record FloodLimits(int ipv4Prefix, int ipv6Prefix, double connectionsPerSecond, double joinsPerMinute,
                          double roomJoinsPerSecond, int maxRequestsPerTarget) {

    public FloodLimits {
        if (ipv4Prefix < 1 || ipv4Prefix > 32) {
            throw new IllegalArgumentException("--ipv4-prefix must be 1..32");
        }
        if (ipv6Prefix < 1 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("--ipv6-prefix must be 1..128");
        }
        if (connectionsPerSecond < 0 || joinsPerMinute < 0 || roomJoinsPerSecond < 0) {
            throw new IllegalArgumentException("rates must be 0 (no limit) or more");
        }
        if (maxRequestsPerTarget < 1) {
            throw new IllegalArgumentException("--max-requests-per-target must be positive");
        }
    }

    /**
     * IPv4 alone, IPv6 by /64; 10 connections a second, 60 hellos a minute from one address; 20 joins a
     * second into one room; 20 requests waiting for one user.
     */
    public static FloodLimits defaults() {
        return new FloodLimits(32, 64, 10, 60, 20, 20);
    }

    /** No rate limits at all, for tests whose clients all come from 127.0.0.1. */
    public static FloodLimits unlimited() {
        return new FloodLimits(32, 128, 0, 0, 0, Integer.MAX_VALUE);
    }

    public FloodLimits withPrefixes(int ipv4, int ipv6) {
        return new FloodLimits(ipv4, ipv6, connectionsPerSecond, joinsPerMinute, roomJoinsPerSecond,
                maxRequestsPerTarget);
    }

    public FloodLimits withConnectionsPerSecond(double value) {
        return new FloodLimits(ipv4Prefix, ipv6Prefix, value, joinsPerMinute, roomJoinsPerSecond,
                maxRequestsPerTarget);
    }

    public FloodLimits withJoinsPerMinute(double value) {
        return new FloodLimits(ipv4Prefix, ipv6Prefix, connectionsPerSecond, value, roomJoinsPerSecond,
                maxRequestsPerTarget);
    }

    public FloodLimits withRoomJoinsPerSecond(double value) {
        return new FloodLimits(ipv4Prefix, ipv6Prefix, connectionsPerSecond, joinsPerMinute, value,
                maxRequestsPerTarget);
    }

    public FloodLimits withMaxRequestsPerTarget(int value) {
        return new FloodLimits(ipv4Prefix, ipv6Prefix, connectionsPerSecond, joinsPerMinute, roomJoinsPerSecond,
                value);
    }

    /** The network {@code address} counts as: the address with all but its prefix bits cleared. */
    public InetAddress groupOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        int keep = address instanceof Inet4Address ? ipv4Prefix : ipv6Prefix;
        if (keep >= bytes.length * 8) {
            return address;
        }
        for (int bit = keep; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
