package punchline.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import punchline.common.CommandLines;

/**
 * The flags of punchline-server.jar, each declared once here: picocli parses them and writes the help,
 * the version, the shell completion and the man page from these declarations. Each flag starts at the
 * default of {@link ServerOptions.Builder}; {@link ServerOptions}' constructor checks the values. The
 * flags are a contract: extend, never rename.
 */
@Command(name = "punchline-server", separator = " ", sortOptions = false, usageHelpWidth = 104,
        defaultValueProvider = CommandLines.Defaults.class, versionProvider = CommandLines.Version.class,
        modelTransformer = ServerCommandLine.ConsoleCommands.class,
        customSynopsis = "java -jar punchline-server.jar [options]",
        descriptionHeading = "%n",
        description = "Punchline rendezvous server: introduces users so their clients can open direct connections.",
        optionListHeading = "%nOptions:%n")
final class ServerCommandLine {
    private static final ServerOptions DEFAULTS = ServerOptions.defaults();

    @Option(names = "--port", paramLabel = "PORT", order = 1,
            description = "TCP port to listen on (default ${DEFAULT-VALUE})")
    private int port = DEFAULTS.port();

    @Option(names = "--bind", paramLabel = "ADDRESS", order = 2, converter = CommandLines.Address.class,
            description = "address to listen on (default: all addresses)")
    private InetAddress bind;

    @Option(names = "--max-clients", paramLabel = "N", order = 3,
            description = "most simultaneous connections (default ${DEFAULT-VALUE})")
    private int maxClients = DEFAULTS.maxClients();

    @Option(names = "--max-per-address", paramLabel = "N", order = 4,
            description = "most connections from one address, 0 for no limit (default ${DEFAULT-VALUE})")
    private int maxPerAddress = DEFAULTS.maxPerAddress();

    @Option(names = "--connections-per-second", paramLabel = "N", order = 5,
            description = "connections per second from one address, 0 for no limit (default ${DEFAULT-VALUE})")
    private int connectionsPerSecond = (int) DEFAULTS.floodLimits().connectionsPerSecond();

    @Option(names = "--ipv4-prefix", paramLabel = "BITS", order = 6,
            description = "leading bits that make one IPv4 address (default ${DEFAULT-VALUE})")
    private int ipv4Prefix = DEFAULTS.floodLimits().ipv4Prefix();

    @Option(names = "--ipv6-prefix", paramLabel = "BITS", order = 7,
            description = "leading bits that make one IPv6 address (default ${DEFAULT-VALUE}: one site)")
    private int ipv6Prefix = DEFAULTS.floodLimits().ipv6Prefix();

    @Option(names = "--max-room-size", paramLabel = "N", order = 8,
            description = "most users in one room (default ${DEFAULT-VALUE})")
    private int maxRoomSize = DEFAULTS.maxRoomSize();

    @Option(names = "--room-joins-per-second", paramLabel = "N", order = 9,
            description = "joins into one room per second, 0 for no limit (default ${DEFAULT-VALUE})")
    private int roomJoinsPerSecond = (int) DEFAULTS.floodLimits().roomJoinsPerSecond();

    @Option(names = "--joins-per-minute", paramLabel = "N", order = 10,
            description = "hellos per minute from one address, 0 for no limit (default ${DEFAULT-VALUE})")
    private int joinsPerMinute = (int) DEFAULTS.floodLimits().joinsPerMinute();

    @Option(names = "--heartbeat", paramLabel = "SECONDS", order = 11, converter = CommandLines.Seconds.class,
            description = "ping interval; also keeps NAT mappings alive (default ${DEFAULT-VALUE})")
    private Duration heartbeat = DEFAULTS.heartbeatInterval();

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", order = 12, converter = CommandLines.Seconds.class,
            description = "drop a client silent this long (default ${DEFAULT-VALUE})")
    private Duration idleTimeout = DEFAULTS.idleTimeout();

    @Option(names = "--hello-timeout", paramLabel = "SECONDS", order = 13, converter = CommandLines.Seconds.class,
            description = "drop a connection that has not said hello (default ${DEFAULT-VALUE})")
    private Duration helloTimeout = DEFAULTS.helloTimeout();

    @Option(names = "--request-timeout", paramLabel = "SECONDS", order = 14, converter = CommandLines.Seconds.class,
            description = "a connect request expires after this (default ${DEFAULT-VALUE})")
    private Duration requestTimeout = DEFAULTS.requestTimeout();

    @Option(names = "--requests-per-minute", paramLabel = "N", order = 15,
            description = "connect requests per minute from one address (default ${DEFAULT-VALUE}, burst "
                    + ServerOptions.DEFAULT_REQUEST_BURST + ")")
    private int requestsPerMinute = (int) DEFAULTS.requestsPerMinute();

    @Option(names = "--max-requests-per-target", paramLabel = "N", order = 16,
            description = "connect requests one user may have waiting (default ${DEFAULT-VALUE})")
    private int maxRequestsPerTarget = DEFAULTS.floodLimits().maxRequestsPerTarget();

    @Option(names = "--probe-port", paramLabel = "PORT", order = 17,
            description = "second port for NAT diagnosis (default: --port + 1)")
    private Integer probePort;

    @Option(names = "--no-probe", order = 18, description = "no NAT diagnosis port")
    private boolean noProbe;

    @Option(names = "--no-relay", order = 19, description = "never relay chats; clients report why punching failed")
    private boolean noRelay;

    @Option(names = "--max-relays", paramLabel = "N", order = 20,
            description = "most relayed chats at once (default ${DEFAULT-VALUE})")
    private int maxRelays = DEFAULTS.relay().maxRelays();

    @Option(names = "--relay-rate", paramLabel = "KIB", order = 21,
            description = "bytes per second one relay may carry, in KiB (default ${DEFAULT-VALUE})")
    private int relayRateKib = (int) (DEFAULTS.relay().bytesPerSecond() / 1024);

    @Option(names = "--relay-max-mib", paramLabel = "MIB", order = 22,
            description = "bytes one relay may carry in all, in MiB (default ${DEFAULT-VALUE})")
    private int relayMaxMib = (int) (DEFAULTS.relay().maxBytes() / (1024 * 1024));

    @Option(names = "--relay-idle", paramLabel = "SECONDS", order = 23, converter = CommandLines.Seconds.class,
            description = "close a relay without traffic both ways this long (default ${DEFAULT-VALUE})")
    private Duration relayIdle = DEFAULTS.relay().idleTimeout();

    @Option(names = "--max-relays-per-address", paramLabel = "N", order = 24,
            description = "relayed chats with a side at one address (default ${DEFAULT-VALUE})")
    private int maxRelaysPerAddress = DEFAULTS.relay().maxPerAddress();

    @Option(names = "--max-relays-per-user", paramLabel = "N", order = 25,
            description = "relayed chats of one user (default ${DEFAULT-VALUE})")
    private int maxRelaysPerUser = DEFAULTS.relay().maxPerUser();

    @Option(names = "--data-dir", paramLabel = "DIR", order = 26,
            description = {"where the server keeps its identity (key and certificate), created on the first",
                    "start (default: $STATE_DIRECTORY under systemd, else $XDG_STATE_HOME/punchline-server",
                    "or ~/.local/state/punchline-server)"})
    private Path dataDir;

    @Option(names = "--identity", paramLabel = "FILE", order = 27,
            description = {"the identity file itself (default: DIR/" + ServerIdentity.FILE_NAME + "); nodes behind",
                    "one name share it"})
    private Path identity;

    @Option(names = "--metrics", paramLabel = "ADDRESS:PORT", order = 28,
            description = "serve counts for Prometheus at http://ADDRESS:PORT/metrics (default: off)")
    private String metrics;

    @Option(names = "--cluster", paramLabel = "redis://HOST:PORT", order = 29,
            description = "run as a node of a cluster sharing users through this Redis")
    private String cluster;

    @Option(names = "--node-id", paramLabel = "ID", order = 30,
            description = "this node's name in the cluster (default: HOSTNAME-PORT)")
    private String nodeId;

    @Option(names = "--advertise", paramLabel = "IP[:PORT]", order = 31,
            description = {"where other nodes' clients reach this node's relay (required with --cluster",
                    "unless --bind names one address)"})
    private String advertise;

    @Option(names = "--node-ttl", paramLabel = "SECONDS", order = 32, converter = CommandLines.Seconds.class,
            description = "a node silent this long counts as dead; its users leave (default "
                    + punchline.server.cluster.ClusterOptions.DEFAULT_NODE_TTL_SECONDS + ")")
    private Duration nodeTtl; // null: the default (ClusterOptions is loaded only by a cluster's node)

    @Option(names = "--no-console", order = 33, description = "do not read commands from standard input")
    private boolean noConsole;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 34, description = "show this help")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, order = 35, description = "show the version")
    private boolean version;

    /** Whether --idle-timeout was given: else it follows --heartbeat. */
    private boolean idleTimeoutGiven;

    private ServerCommandLine() {
    }

    /** @throws IllegalArgumentException with a one-line message for people when a flag is unknown or has no valid value */
    static ServerCommandLine parse(String... args) {
        ServerCommandLine flags = new ServerCommandLine();
        ParseResult result = CommandLines.parse(flags, args);
        flags.idleTimeoutGiven = result.hasMatchedOption("--idle-timeout");
        return flags;
    }

    static String usage() {
        return CommandLines.usage(new ServerCommandLine());
    }

    static String versionText() {
        return CommandLines.version(new ServerCommandLine());
    }

    boolean helpRequested() {
        return help;
    }

    boolean versionRequested() {
        return version;
    }

    /** The settings these flags give. @throws IllegalArgumentException when they do not go together */
    ServerOptions options() {
        ServerOptions.Builder builder = ServerOptions.builder()
                .port(port)
                .bindAddress(bind)
                .maxClients(maxClients)
                .maxPerAddress(maxPerAddress)
                .maxRoomSize(maxRoomSize)
                .heartbeatInterval(heartbeat) // and an idle timeout to match, unless one is given
                .helloTimeout(helloTimeout)
                .requestTimeout(requestTimeout)
                .requestRate(requestsPerMinute, DEFAULTS.requestBurst())
                .floodLimits(new FloodLimits(ipv4Prefix, ipv6Prefix, connectionsPerSecond, joinsPerMinute,
                        roomJoinsPerSecond, maxRequestsPerTarget))
                .console(!noConsole);
        if (idleTimeoutGiven) {
            builder.idleTimeout(idleTimeout);
        }
        if (noProbe) {
            builder.probePort(ServerOptions.NO_PROBE);
        } else if (probePort != null) {
            builder.probePort(probePort);
        }
        // From the command line there is always a file: a server whose certificate changed at every start
        // would be refused by every client that knew it.
        builder.identityFile(identity != null ? identity : (dataDir != null ? dataDir
                : ServerIdentity.defaultDataDir(System.getenv(), System.getProperty("user.home")))
                .resolve(ServerIdentity.FILE_NAME));
        builder.metrics(metrics == null ? null : socketAddress("--metrics", metrics));
        if (cluster == null && (nodeId != null || advertise != null || nodeTtl != null)) {
            throw new IllegalArgumentException("--node-id, --advertise and --node-ttl need --cluster");
        }
        // Only a cluster's node loads the cluster's classes (StandaloneFootprintTest); picocli reads this
        // class's methods, so none of them may name one.
        builder.cluster(cluster == null ? null : ClusterFlags.options(cluster, nodeId, advertise, nodeTtl));
        RelayOptions relay = DEFAULTS.relay();
        return builder.relay(new RelayOptions(!noRelay, maxRelays, relayRateKib * 1024L, relayMaxMib * 1024L * 1024L,
                relayIdle, relay.waitTimeout(), maxRelaysPerAddress, maxRelaysPerUser)).build();
    }

    /** "HOST:PORT" or "[IPv6]:PORT" (a host name is looked up once, here). */
    static InetSocketAddress socketAddress(String flag, String text) {
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

    static InetAddress address(String flag, String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(flag + ": unknown address '" + text + "'");
        }
    }

    /** The help ends with the console's commands, which {@link ServerConsole} defines. */
    static final class ConsoleCommands implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.usageMessage()
                    .footerHeading("%nConsole commands (read from standard input when it is a terminal or a pipe):%n")
                    .footer(ServerConsole.HELP.replace("%", "%%").split("\n"));
            return spec;
        }
    }
}
