package punchline.client.ui.session;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** This computer's addresses, as a host of a rendezvous server needs them. */
final class LocalNetwork {
    /** Any address beyond the local networks: only its route matters, nothing is sent to it. */
    private static final byte[] SOMEWHERE_ELSE = {8, 8, 8, 8};

    private LocalNetwork() {
    }

    /**
     * The IPv4 address on the default route: the one this computer's traffic to the internet leaves
     * from, and so the one friends on the same network reach it at. Found by "connecting" a UDP socket,
     * which only asks the routing table (no packet is sent). Empty when there is no such route.
     */
    static Optional<InetAddress> primaryAddress() {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(InetAddress.getByAddress(SOMEWHERE_ELSE), 9);
            InetAddress local = socket.getLocalAddress();
            return local instanceof Inet4Address && !local.isAnyLocalAddress() && !local.isLoopbackAddress()
                    ? Optional.of(local) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // no route: an offline computer
        }
    }

    /** The primary address first, then the IPv4 addresses of the other interfaces that are up. */
    static List<InetAddress> reachableAddresses() {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        primaryAddress().ifPresent(addresses::add);
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        if (address instanceof Inet4Address) {
                            addresses.add(address);
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: the primary address alone
        }
        return new ArrayList<>(addresses);
    }

    /** "192.168.1.20:3333", or "[fe80::1]:3333". */
    static String hostAndPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
