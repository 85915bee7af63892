package punchline.client.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The rendezvous server as the user named it: one address, or several nodes of one cluster
 * ({@code a:3333,b:3333}), or a DNS name with several A records. The client tries them in turn and
 * moves to the next when one fails or its link is lost, so users of a node that dies come back through
 * another. {@link #name()} is the server's identity for anything kept per server (a pinned server
 * certificate): the whole list as written, never the node a connection happened to reach, since the
 * nodes of a cluster share one identity.
 */
public final class ServerAddresses {
    /** One entry as written: a host (name or IP literal) and a port. */
    public record HostPort(String host, int port) {
        public HostPort {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    static final int MAX_ENTRIES = 16;

    private final List<HostPort> entries;

    private ServerAddresses(List<HostPort> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ServerAddresses of(String host, int port) {
        return new ServerAddresses(List.of(new HostPort(host, port)));
    }

    /** Parses "HOST[:PORT]" or several separated by commas; throws IllegalArgumentException for people. */
    public static ServerAddresses parse(String text) {
        List<HostPort> entries = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty server address in '" + text.strip() + "'");
            }
            String[] hostAndPort = ClientConfig.splitServerAddress(part);
            HostPort entry = new HostPort(hostAndPort[0], Integer.parseInt(hostAndPort[1]));
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " server addresses");
        }
        return new ServerAddresses(entries);
    }

    public List<HostPort> entries() {
        return entries;
    }

    public HostPort first() {
        return entries.get(0);
    }

    /** The server's identity: every entry as written, in order ("a:3333,b:3333"). */
    public String name() {
        return String.join(",", entries.stream().map(HostPort::toString).toList());
    }

    /** A fresh turn through the addresses (one per server link; not thread-safe). */
    Rotation rotation() {
        return new Rotation();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerAddresses that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * Hands out the addresses to try, one per connection attempt: every address of the first entry (a
     * name's A records shuffled, so clients spread over the nodes), then the next entry's, and round
     * again, looking names up anew each round (a node replaced under the same name is found).
     */
    final class Rotation {
        private final Deque<InetSocketAddress> round = new ArrayDeque<>();

        /** The next address to try; throws when no entry resolves at all. */
        InetSocketAddress next() throws UnknownHostException {
            if (round.isEmpty()) {
                refill();
            }
            return round.poll();
        }

        private void refill() throws UnknownHostException {
            UnknownHostException unresolved = null;
            for (HostPort entry : entries) {
                try {
                    List<InetAddress> addresses = new ArrayList<>(Arrays.asList(InetAddress.getAllByName(entry.host())));
                    Collections.shuffle(addresses);
                    for (InetAddress address : addresses) {
                        round.add(new InetSocketAddress(address, entry.port()));
                    }
                } catch (UnknownHostException e) {
                    unresolved = e;
                }
            }
            if (round.isEmpty()) {
                throw unresolved != null ? unresolved : new UnknownHostException(name());
            }
        }
    }
}
