package punchline.client.net;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import punchline.protocol.Defaults;
import punchline.protocol.Names;
import punchline.protocol.NatType;
import punchline.protocol.ClientMessage.Hello;

/**
 * What the client core needs to run: where the server is, who the user is, and the timing of
 * punching, heartbeats and reconnects (tests shorten them; defaults suit real networks).
 */
public record ClientConfig(
        String serverHost,
        int serverPort,
        String name,
        String room,
        int localPort,
        Duration punchTimeout,
        Duration peerHeartbeat,
        Duration peerTimeout,
        Duration serverTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        Identity identity,
        Path configDir,
        NatType natOverride,
        InetAddress localAddress,
        Duration upgradeAfter,
        String serverFingerprint,
        ServerAddresses servers) {

    /** How long a direct connection is tried before it counts as failed ({@code --punch-timeout}). */
    public static final Duration DEFAULT_PUNCH_TIMEOUT = Duration.ofSeconds(10);
    /** When a relayed chat whose punch ran out tries a direct connection again ({@code --upgrade-after}). */
    public static final Duration DEFAULT_UPGRADE_AFTER = Duration.ofSeconds(10);

    public ClientConfig {
        Objects.requireNonNull(serverHost, "serverHost");
        name = Names.userName(name); // the server would refuse it: say so now, in words
        Objects.requireNonNull(room, "room");
        if (serverPort < 1 || serverPort > 65_535) {
            throw new IllegalArgumentException("server port must be 1..65535");
        }
        if (localPort < 0 || localPort > 65_535) {
            throw new IllegalArgumentException("local port must be 0..65535");
        }
        if (peerTimeout.compareTo(peerHeartbeat) <= 0) {
            throw new IllegalArgumentException("peer timeout must be longer than the peer heartbeat");
        }
        if (servers == null) {
            servers = ServerAddresses.of(serverHost, serverPort);
        }
    }

    public static Builder builder(String serverHost, int serverPort, String name) {
        return new Builder(serverHost, serverPort, name);
    }

    /** A client of a server with several addresses (a cluster's nodes); {@code serverHost} is the first. */
    public static Builder builder(ServerAddresses servers, String name) {
        Builder b = new Builder(servers.first().host(), servers.first().port(), name);
        b.servers = servers;
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder(serverHost, serverPort, name);
        b.room = room;
        b.localPort = localPort;
        b.punchTimeout = punchTimeout;
        b.peerHeartbeat = peerHeartbeat;
        b.peerTimeout = peerTimeout;
        b.serverTimeout = serverTimeout;
        b.reconnectMin = reconnectMin;
        b.reconnectMax = reconnectMax;
        b.identity = identity;
        b.configDir = configDir;
        b.natOverride = natOverride;
        b.localAddress = localAddress;
        b.upgradeAfter = upgradeAfter;
        b.serverFingerprint = serverFingerprint;
        b.servers = servers;
        return b;
    }

    /** The first server address, with the fingerprint it must show (pins are kept under {@code servers().name()}). */
    public ServerAddress serverAddress() {
        return new ServerAddress(serverHost, serverPort, serverFingerprint);
    }

    /** Parses "HOST", "HOST:PORT" or "[IPv6]:PORT" into host and port (default {@link Defaults#SERVER_PORT}). */
    public static String[] splitServerAddress(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the server address is empty");
        }
        String host = trimmed;
        String port = String.valueOf(Defaults.SERVER_PORT);
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in " + trimmed);
            }
            host = trimmed.substring(1, close);
            if (trimmed.length() > close + 1) {
                if (trimmed.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected ':PORT' after ']' in " + trimmed);
                }
                port = trimmed.substring(close + 2);
            }
        } else if (trimmed.indexOf(':') >= 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
            host = trimmed.substring(0, trimmed.indexOf(':'));
            port = trimmed.substring(trimmed.indexOf(':') + 1);
        }
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65_535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' is not a port number (1-65535)");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("the server address has no host");
        }
        return new String[] {host, port};
    }

    /** Defaults for real networks. */
    public static final class Builder {
        private final String serverHost;
        private final int serverPort;
        private final String name;
        private String room = Hello.DEFAULT_ROOM;
        private int localPort;
        private Duration punchTimeout = DEFAULT_PUNCH_TIMEOUT;
        private Duration peerHeartbeat = Duration.ofSeconds(10);
        private Duration peerTimeout = Duration.ofSeconds(25);
        private Duration serverTimeout = Duration.ofSeconds(50);
        private Duration reconnectMin = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private Identity identity;
        private Path configDir;
        private NatType natOverride;
        private InetAddress localAddress;
        private Duration upgradeAfter = DEFAULT_UPGRADE_AFTER;
        private String serverFingerprint;
        private ServerAddresses servers;

        private Builder(String serverHost, int serverPort, String name) {
            this.serverHost = serverHost;
            this.serverPort = serverPort;
            this.name = name;
        }

        public Builder room(String value) {
            room = value;
            return this;
        }

        /** The local port to register and punch from; 0 picks a free one. */
        public Builder localPort(int value) {
            localPort = value;
            return this;
        }

        /** How long a direct connection is tried before it counts as failed. */
        public Builder punchTimeout(Duration value) {
            punchTimeout = value;
            return this;
        }

        public Builder peerHeartbeat(Duration heartbeat, Duration timeout) {
            peerHeartbeat = heartbeat;
            peerTimeout = timeout;
            return this;
        }

        /** How long the server may stay silent before the link counts as lost. */
        public Builder serverTimeout(Duration value) {
            serverTimeout = value;
            return this;
        }

        public Builder reconnectBackoff(Duration min, Duration max) {
            reconnectMin = min;
            reconnectMax = max;
            return this;
        }

        /** The key pair peers pin; without one the core makes a fresh one for this run. */
        public Builder identity(Identity value) {
            identity = value;
            return this;
        }

        /** Where the contacts, history and pinned servers are kept; null keeps them in memory. */
        public Builder configDir(Path value) {
            configDir = value;
            return this;
        }

        /**
         * Skips the NAT measurement and reports {@code value} instead (a user who knows better, or a
         * server without a probe port). Null measures.
         */
        public Builder natOverride(NatType value) {
            natOverride = value;
            return this;
        }

        /** The local address to register and dial from (a multi-homed machine); null lets the OS choose. */
        public Builder localAddress(InetAddress value) {
            localAddress = value;
            return this;
        }

        /**
         * How long a relayed chat whose NATs could be punched waits before trying a direct connection
         * again (then three times as long, three tries at most); zero never tries.
         */
        public Builder upgradeAfter(Duration value) {
            upgradeAfter = value;
            return this;
        }

        /**
         * The fingerprint the server's certificate must have (from {@code --server HOST:PORT#FINGERPRINT}, an
         * invite, or the app's own embedded server): pinned from the first connection on. Null: trust on
         * first use.
         */
        public Builder serverFingerprint(String value) {
            serverFingerprint = value == null ? null : punchline.common.CertifiedKey.parseFingerprint(value);
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(serverHost, serverPort, name, room, localPort, punchTimeout, peerHeartbeat,
                    peerTimeout, serverTimeout, reconnectMin, reconnectMax,
                    identity != null ? identity : Identity.generate(), configDir, natOverride, localAddress,
                    upgradeAfter, serverFingerprint, servers);
        }
    }
}
