package punchline.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import punchline.protocol.Defaults;
import punchline.server.cluster.ClusterOptions;

/**
 * The server's settings, from the command line ({@link ServerCommandLine}) or from code (tests, the desktop app's embedded server).
 * A null {@code bindAddress} means every local address. {@code identityFile} is where the server's key and
 * certificate are kept (created on the first start); null, for tests only, makes a fresh one per start.
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
        Path identityFile,
        FloodLimits floodLimits,
        ClusterOptions cluster,
        InetSocketAddress metrics) {

    /**
     * Connect requests one address may send at once before {@code requestsPerMinute} applies (both are per
     * address, so that reconnecting with a new key does not refill them).
     */
    public static final int DEFAULT_REQUEST_BURST = 10;
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
        java.util.Objects.requireNonNull(floodLimits, "floodLimits");
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
        b.identityFile = identityFile;
        b.floodLimits = floodLimits;
        b.cluster = cluster;
        b.metrics = metrics;
        return b;
    }

    /** Defaults for a small public server; tests shorten the timeouts. */
    public static final class Builder {
        private InetAddress bindAddress; // null: every address, IPv4 and IPv6
        private int port = Defaults.SERVER_PORT;
        private int maxClients = 20_000;
        private int maxPerAddress = 100;
        private int maxRoomSize = 1_000;
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration idleTimeout = Duration.ofSeconds(50);
        private Duration helloTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(2);
        private double requestsPerMinute = 30;
        private int requestBurst = DEFAULT_REQUEST_BURST;
        private int maxPendingRequests = 20;
        private double framesPerSecond = 20;
        private int frameBurst = 100;
        private int maxQueuedBytes = 1024 * 1024;
        private boolean console = true;
        private Integer probePort; // null: Defaults.probePort(port)
        private RelayOptions relay = RelayOptions.defaults();
        private Path identityFile;
        private FloodLimits floodLimits = FloodLimits.defaults();
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

        /**
         * Connections one address ({@link FloodLimits#groupOf}) may hold at once (a NAT may hide several users);
         * 0: no limit.
         */
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

        /** The server's identity file (see {@link ServerIdentity}); null: a fresh identity per start (tests). */
        public Builder identityFile(Path value) {
            identityFile = value;
            return this;
        }

        /** Keeps the server's identity in {@code folder} ({@value ServerIdentity#FILE_NAME}). */
        public Builder dataDir(Path folder) {
            identityFile = folder.resolve(ServerIdentity.FILE_NAME);
            return this;
        }

        /** Rates per address, per room and per target (see {@link FloodLimits}). */
        public Builder floodLimits(FloodLimits value) {
            floodLimits = value;
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
            int probe = probePort != null ? probePort : Defaults.probePort(port).orElse(NO_PROBE);
            return new ServerOptions(bindAddress, port, maxClients, maxPerAddress, maxRoomSize, heartbeatInterval, idleTimeout,
                    helloTimeout, requestTimeout, requestsPerMinute, requestBurst, maxPendingRequests,
                    framesPerSecond, frameBurst, maxQueuedBytes, console, probe, relay, identityFile, floodLimits,
                    cluster, metrics);
        }
    }

    /** The help, as {@code --help} prints it: every flag with its default, and the console's commands. */
    public static String usage() {
        return ServerCommandLine.usage();
    }

    /** Parses command-line arguments; throws IllegalArgumentException with a message for people. */
    public static ServerOptions parse(String... args) {
        return ServerCommandLine.parse(args).options();
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
