package punchline.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import punchline.server.cluster.ClusterOptions;

/**
 * The server's settings, from the command line or from code (tests, the desktop app's embedded server).
 * A null {@code bindAddress} means every local address.
 */
public record ServerOptions(
        InetAddress bindAddress,
        int port,
        int maxClients,
        int maxPerAddress,
        int maxRoomSize,
        Duration heartbeatInterval,
        Duration idleTimeout,
        Duration helloTimeout,
        Duration requestTimeout,
        double requestsPerMinute,
        int requestBurst,
        int maxPendingRequests,
        double framesPerSecond,
        int frameBurst,
        int maxQueuedBytes,
        boolean console,
        int probePort,
        RelayOptions relay,
        ClusterOptions cluster,
        InetSocketAddress metrics) {

    public static final int DEFAULT_PORT = 3333;
    /** {@code probePort} value that turns NAT diagnosis off. */
    public static final int NO_PROBE = -1;
    /** Longest timeout or interval: the I/O loop counts in nanoseconds, which overflow after 292 years. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535");
        }
        requirePositive(maxClients, "--max-clients");
        if (maxPerAddress < 0) {
            throw new IllegalArgumentException("--max-per-address must be 0 (no limit) or more");
        }
        requirePositive(maxRoomSize, "--max-room-size");
        requireAtMost(heartbeatInterval, "--heartbeat");
        requireAtMost(idleTimeout, "--idle-timeout");
        requireAtMost(helloTimeout, "--hello-timeout");
        requireAtMost(requestTimeout, "--request-timeout");
        requirePositive(heartbeatInterval.toMillis(), "--heartbeat");
        requirePositive(helloTimeout.toMillis(), "--hello-timeout");
        requirePositive(requestTimeout.toMillis(), "--request-timeout");
        requirePositive((long) requestsPerMinute, "--requests-per-minute");
        if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("--idle-timeout must be longer than --heartbeat");
        }
        if (probePort < NO_PROBE || probePort > 65_535) {
            throw new IllegalArgumentException("--probe-port must be 0..65535");
        }
        if (probePort > 0 && probePort == port) {
            throw new IllegalArgumentException("--probe-port must differ from --port");
        }
        java.util.Objects.requireNonNull(relay, "relay");
    }

    public boolean probeEnabled() {
        return probePort != NO_PROBE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ServerOptions defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindAddress = bindAddress;
        b.port = port;
        b.maxClients = maxClients;
        b.maxPerAddress = maxPerAddress;
        b.maxRoomSize = maxRoomSize;
        b.heartbeatInterval = heartbeatInterval;
        b.idleTimeout = idleTimeout;
        b.helloTimeout = helloTimeout;
        b.requestTimeout = requestTimeout;
        b.requestsPerMinute = requestsPerMinute;
        b.requestBurst = requestBurst;
        b.maxPendingRequests = maxPendingRequests;
        b.framesPerSecond = framesPerSecond;
        b.frameBurst = frameBurst;
        b.maxQueuedBytes = maxQueuedBytes;
        b.console = console;
        b.probePort = probePort;
        b.relay = relay;
        b.cluster = cluster;
        b.metrics = metrics;
        return b;
    }

    /** Defaults for a small public server; tests shorten the timeouts. */
    public static final class Builder {
        private InetAddress bindAddress; // null: every address, IPv4 and IPv6
        private int port = DEFAULT_PORT;
        private int maxClients = 20_000;
        private int maxPerAddress = 100;
        private int maxRoomSize = 1_000;
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration idleTimeout = Duration.ofSeconds(50);
        private Duration helloTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(2);
        private double requestsPerMinute = 30;
        private int requestBurst = 10;
        private int maxPendingRequests = 20;
        private double framesPerSecond = 20;
        private int frameBurst = 100;
        private int maxQueuedBytes = 1024 * 1024;
        private boolean console = true;
        private Integer probePort; // null: the port after the main port (any free port when that is 0)
        private RelayOptions relay = RelayOptions.defaults();
        private ClusterOptions cluster;
        private InetSocketAddress metrics;

        public Builder bindAddress(InetAddress value) {
            bindAddress = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder maxClients(int value) {
            maxClients = value;
            return this;
        }

        /** Connections one IP address may hold at once (a NAT may hide several users); 0: no limit. */
        public Builder maxPerAddress(int value) {
            maxPerAddress = value;
            return this;
        }

        public Builder maxRoomSize(int value) {
            maxRoomSize = value;
            return this;
        }

        /** Sets the heartbeat and an idle timeout of a little over three heartbeats. */
        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            idleTimeout = value.multipliedBy(10).dividedBy(3);
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder helloTimeout(Duration value) {
            helloTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder requestRate(double perMinute, int burst) {
            requestsPerMinute = perMinute;
            requestBurst = burst;
            return this;
        }

        public Builder maxPendingRequests(int value) {
            maxPendingRequests = value;
            return this;
        }

        public Builder frameRate(double perSecond, int burst) {
            framesPerSecond = perSecond;
            frameBurst = burst;
            return this;
        }

        public Builder maxQueuedBytes(int value) {
            maxQueuedBytes = value;
            return this;
        }

        public Builder console(boolean value) {
            console = value;
            return this;
        }

        /** The second port for NAT diagnosis; {@link #NO_PROBE} turns it off. */
        public Builder probePort(int value) {
            probePort = value;
            return this;
        }

        public Builder relay(RelayOptions value) {
            relay = value;
            return this;
        }

        /** Makes this server a node of a cluster on Redis; null (the default) keeps it standalone. */
        public Builder cluster(ClusterOptions value) {
            cluster = value;
            return this;
        }

        /** Serves the server's counts for Prometheus at http://ADDRESS:PORT/metrics; null (default): off. */
        public Builder metrics(InetSocketAddress value) {
            metrics = value;
            return this;
        }

        public ServerOptions build() {
            int probe = probePort != null ? probePort : port == 0 ? 0 : port == 65_535 ? NO_PROBE : port + 1;
            return new ServerOptions(bindAddress, port, maxClients, maxPerAddress, maxRoomSize, heartbeatInterval, idleTimeout,
                    helloTimeout, requestTimeout, requestsPerMinute, requestBurst, maxPendingRequests,
                    framesPerSecond, frameBurst, maxQueuedBytes, console, probe, relay, cluster, metrics);
        }
    }

    public static String usage() {
        ServerOptions d = defaults();
        return String.join("\n",
                "Usage: java -jar punchline-server.jar [options]",
                "",
                "Punchline rendezvous server: introduces users so their clients can open direct connections.",
                "",
                "Options:",
                "  --port PORT                TCP port to listen on (default " + d.port + ")",
                "  --bind ADDRESS             address to listen on (default: all addresses)",
                "  --max-clients N            most simultaneous connections (default " + d.maxClients + ")",
                "  --max-per-address N        most connections from one IP address, 0 for no limit (default "
                        + d.maxPerAddress + ")",
                "  --max-room-size N          most users in one room (default " + d.maxRoomSize + ")",
                "  --heartbeat SECONDS        ping interval; also keeps NAT mappings alive (default "
                        + d.heartbeatInterval.toSeconds() + ")",
                "  --idle-timeout SECONDS     drop a client silent this long (default "
                        + d.idleTimeout.toSeconds() + ")",
                "  --hello-timeout SECONDS    drop a connection that has not said hello (default "
                        + d.helloTimeout.toSeconds() + ")",
                "  --request-timeout SECONDS  a connect request expires after this (default "
                        + d.requestTimeout.toSeconds() + ")",
                "  --requests-per-minute N    connect requests one user may send per minute (default "
                        + (int) d.requestsPerMinute + ", burst " + d.requestBurst + ")",
                "  --probe-port PORT          second port for NAT diagnosis (default: --port + 1)",
                "  --no-probe                 no NAT diagnosis port",
                "  --no-relay                 never relay chats; clients report why punching failed",
                "  --max-relays N             most relayed chats at once (default " + d.relay.maxRelays() + ")",
                "  --relay-rate KIB           bytes per second one relay may carry, in KiB (default "
                        + d.relay.bytesPerSecond() / 1024 + ")",
                "  --relay-max-mib MIB        bytes one relay may carry in all, in MiB (default "
                        + d.relay.maxBytes() / (1024 * 1024) + ")",
                "  --relay-idle SECONDS       close a relay idle this long (default "
                        + d.relay.idleTimeout().toSeconds() + ")",
                "  --metrics ADDRESS:PORT     serve counts for Prometheus at http://ADDRESS:PORT/metrics (default: off)",
                "  --cluster redis://HOST:PORT  run as a node of a cluster sharing users through this Redis",
                "  --node-id ID               this node's name in the cluster (default: HOSTNAME-PORT)",
                "  --advertise IP:PORT        where other nodes' clients reach this node's relay (required",
                "                             with --cluster unless --bind names one address)",
                "  --node-ttl SECONDS         a node silent this long counts as dead; its users leave (default "
                        + ClusterOptions.DEFAULT_NODE_TTL.toSeconds() + ")",
                "  --no-console               do not read commands from standard input",
                "  --help                     show this help",
                "",
                "Console commands (read from standard input when it is a terminal or a pipe):",
                ServerConsole.HELP);
    }

    /** Parses command-line arguments; throws IllegalArgumentException with a message for people. */
    public static ServerOptions parse(String... args) {
        Builder b = builder();
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        boolean idleGiven = false;
        ClusterFlags cluster = new ClusterFlags();
        while (!rest.isEmpty()) {
            String flag = rest.poll();
            switch (flag) {
                case "--port" -> b.port(intValue(flag, rest));
                case "--bind" -> b.bindAddress(address(flag, value(flag, rest)));
                case "--max-clients" -> b.maxClients(intValue(flag, rest));
                case "--max-room-size" -> b.maxRoomSize(intValue(flag, rest));
                case "--max-per-address" -> b.maxPerAddress(intValue(flag, rest));
                case "--heartbeat" -> {
                    Duration heartbeat = seconds(flag, rest);
                    Duration idle = b.idleTimeout;
                    b.heartbeatInterval(heartbeat);
                    if (idleGiven) {
                        b.idleTimeout(idle);
                    }
                }
                case "--idle-timeout" -> {
                    b.idleTimeout(seconds(flag, rest));
                    idleGiven = true;
                }
                case "--hello-timeout" -> b.helloTimeout(seconds(flag, rest));
                case "--request-timeout" -> b.requestTimeout(seconds(flag, rest));
                case "--requests-per-minute" -> b.requestRate(intValue(flag, rest), b.requestBurst);
                case "--no-console" -> b.console(false);
                case "--probe-port" -> b.probePort(intValue(flag, rest));
                case "--no-probe" -> b.probePort(NO_PROBE);
                case "--no-relay" -> b.relay(b.relay.withEnabled(false));
                case "--max-relays" -> b.relay(b.relay.withMaxRelays(intValue(flag, rest)));
                case "--relay-rate" -> b.relay(b.relay.withRate(intValue(flag, rest) * 1024L));
                case "--relay-max-mib" -> b.relay(b.relay.withMaxBytes(intValue(flag, rest) * 1024L * 1024L));
                case "--relay-idle" -> b.relay(b.relay.withTimeouts(seconds(flag, rest), b.relay.waitTimeout()));
                case "--metrics" -> b.metrics(socketAddress(flag, value(flag, rest)));
                case "--cluster" -> cluster.redis = redisUri(value(flag, rest));
                case "--node-id" -> cluster.nodeId = value(flag, rest);
                case "--advertise" -> cluster.advertise = value(flag, rest);
                case "--node-ttl" -> cluster.nodeTtl = seconds(flag, rest);
                default -> throw new IllegalArgumentException("unknown option: " + flag);
            }
        }
        b.cluster(cluster.build());
        return b.build();
    }

    /** The cluster's flags, which only mean something together with --cluster. */
    private static final class ClusterFlags {
        URI redis;
        String nodeId;
        String advertise;
        Duration nodeTtl;

        ClusterOptions build() {
            if (redis == null) {
                if (nodeId != null || advertise != null || nodeTtl != null) {
                    throw new IllegalArgumentException("--node-id, --advertise and --node-ttl need --cluster");
                }
                return null;
            }
            ClusterOptions options = ClusterOptions.of(redis).withNodeId(nodeId);
            if (nodeTtl != null) {
                options = options.withNodeTtl(nodeTtl);
            }
            if (advertise != null) {
                boolean hasPort = advertise.startsWith("[") ? advertise.contains("]:")
                        : advertise.indexOf(':') > 0 && advertise.indexOf(':') == advertise.lastIndexOf(':');
                InetSocketAddress at = hasPort ? socketAddress("--advertise", advertise)
                        : new InetSocketAddress(address("--advertise", advertise), 0);
                options = options.withAdvertise(at.getAddress(), at.getPort());
            }
            return options;
        }
    }

    private static URI redisUri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--cluster needs redis://HOST:PORT, not '" + text + "'");
        }
    }

    /** "HOST:PORT" or "[IPv6]:PORT" (a host name is looked up once, here). */
    private static InetSocketAddress socketAddress(String flag, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(flag + " needs ADDRESS:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs ADDRESS:PORT, not '" + text + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(flag + ": port out of range in '" + text + "'");
        }
        return new InetSocketAddress(address(flag, host), port);
    }

    private static String value(String flag, Deque<String> rest) {
        String value = rest.poll();
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static int intValue(String flag, Deque<String> rest) {
        String text = value(flag, rest);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, not '" + text + "'");
        }
    }

    private static Duration seconds(String flag, Deque<String> rest) {
        String text = value(flag, rest);
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number of seconds, not '" + text + "'");
        }
    }

    private static InetAddress address(String flag, String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(flag + ": unknown address '" + text + "'");
        }
    }

    private static void requirePositive(long value, String flag) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " must be positive");
        }
    }

    private static void requireAtMost(Duration value, String flag) {
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(flag + " must be at most " + MAX_DURATION.toDays() + " days");
        }
    }
}
