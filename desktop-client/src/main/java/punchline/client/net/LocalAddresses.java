package punchline.client.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import punchline.protocol.Endpoint;
import punchline.protocol.Limits;

/** The private endpoints a client registers: its local addresses with the port it punches from. */
final class LocalAddresses {
    private LocalAddresses() {
    }

    /**
     * The address the server connection leaves from comes first (it is on the route to the internet),
     * then the other IPv4 addresses of interfaces that are up. A server reached over loopback means
     * every peer is on this machine: loopback is then the only private endpoint.
     */
    static List<Endpoint> privateEndpoints(InetAddress connectedFrom, int port) {
        if (connectedFrom.isLoopbackAddress()) {
            return List.of(Endpoint.of(connectedFrom, port));
        }
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        if (!connectedFrom.isAnyLocalAddress()) {
            endpoints.add(Endpoint.of(connectedFrom, port));
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        endpoints.add(Endpoint.of(address, port));
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: the connected address alone will do
        }
        List<Endpoint> list = new ArrayList<>(endpoints);
        return list.size() > Limits.MAX_PRIVATE_ENDPOINTS ? list.subList(0, Limits.MAX_PRIVATE_ENDPOINTS) : list;
    }
}
