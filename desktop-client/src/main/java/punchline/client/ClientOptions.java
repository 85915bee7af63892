package punchline.client;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import punchline.client.net.ClientConfig;
import punchline.client.net.Identity;
import punchline.client.net.ServerAddresses;
import punchline.common.CommandLines;
import punchline.common.CommandLines.Range;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.Defaults;
import punchline.protocol.Limits;
import punchline.protocol.Names;
import punchline.protocol.NatType;

/**
 * Command-line options of punchline.jar, each declared once here: picocli parses them and writes the help,
 * the version, the shell completion and the man page from these declarations. The flags are a contract:
 * extend, never rename. The desktop app reads them too ({@code punchline.client.ui.AppOptions}): there
 * they override the settings for one run.
 */
@Command(name = "punchline", separator = " ", sortOptions = false, usageHelpWidth = 100,
        defaultValueProvider = CommandLines.Defaults.class,
        versionProvider = CommandLines.Version.class,
        customSynopsis = "punchline [--console] [options]      (from a build: java -jar punchline.jar ...)",
        descriptionHeading = "%n",
        description = {"Punchline: peer-to-peer chat that connects directly through home routers.",
                "Without --console the desktop app starts. There, --name, --server and the other options",
                "apply to this run only: they override the app's settings but are not saved."},
        optionListHeading = "%nOptions:%n")
public final class ClientOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "INVITE",
            description = {"a friend's invite (punchline://join?...): the desktop app joins their server and room",
                    "and adds them as a contact"})
    private String invite;

    @Option(names = "--console", order = 1,
            description = "run in the terminal (no display needed); type help for commands")
    private boolean console;

    @Option(names = "--server", paramLabel = "HOST[:PORT]", order = 2,
            description = {"rendezvous server (default port " + Defaults.SERVER_PORT + "; required with --console;",
                    "the desktop app joins it instead of its saved choice). The nodes of a cluster: several",
                    "HOST[:PORT] separated by commas, or one name with several addresses; the client moves",
                    "to another when one fails. Its certificate is trusted on first use; ...#FINGERPRINT (64",
                    "hex digits, as the operator publishes it) trusts only that one, from the start"})
    private String server;

    @Option(names = "--name", paramLabel = "NAME", order = 3,
            description = "your display name (default: your login name, or the app's setting)")
    private String name;

    @Option(names = "--room", paramLabel = "ROOM", order = 4,
            description = "room to join (default: " + Hello.DEFAULT_ROOM + ")")
    private String room;

    @Option(names = "--events", paramLabel = "FILE", order = 5,
            description = "append one JSON line per event to FILE (console only)")
    private Path events;

    @Option(names = "--local-port", paramLabel = "PORT", order = 6,
            description = "local port to register and punch from (default: any free port)")
    @Range(min = 0, max = 65_535)
    private int localPort;

    @Option(names = "--punch-timeout", paramLabel = "SECS", order = 7,
            description = "how long to try a direct connection (default ${DEFAULT-VALUE})")
    @Range(min = 1, max = 300)
    private int punchTimeoutSeconds = (int) ClientConfig.DEFAULT_PUNCH_TIMEOUT.toSeconds();

    @Option(names = "--upgrade-after", paramLabel = "SECS", order = 8,
            description = {"retry a direct connection for a relayed chat after this (default ${DEFAULT-VALUE};",
                    "0 never)"})
    @Range(min = 0, max = 3600)
    private int upgradeAfterSeconds = (int) ClientConfig.DEFAULT_UPGRADE_AFTER.toSeconds();

    @Option(names = "--bind", paramLabel = "ADDRESS", order = 9, converter = CommandLines.Address.class,
            description = "local address to connect from (default: chosen by the system)")
    private InetAddress bind;

    @Option(names = "--nat", paramLabel = "TYPE", order = 10, converter = NatChoice.class,
            completionCandidates = NatChoice.class,
            description = {"skip the NAT test and take TYPE: open, easy or symmetric",
                    "(symmetric: chats go through the server's relay, unless the",
                    "other side has no NAT or is behind the same one as you)"})
    private NatType nat;

    @Option(names = "--config-dir", paramLabel = "DIR", order = 11,
            description = {"where your identity and settings live",
                    "(default: $XDG_CONFIG_HOME/punchline or ~/.config/punchline)"})
    private Path configDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 12, description = "show this help")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, order = 13, description = "show the version")
    private boolean version;

    private ClientOptions() {
    }

    /** The help, as {@code --help} prints it. */
    public static String usage() {
        return CommandLines.usage(new ClientOptions());
    }

    /** "punchline VERSION", as {@code --version} prints it. */
    public static String versionText() {
        return CommandLines.version(new ClientOptions());
    }

    /** @throws IllegalArgumentException with a one-line message for people */
    public static ClientOptions parse(String... args) {
        ClientOptions options = new ClientOptions();
        if (args.length == 0) {
            // The menu starts the app so. Every flag keeps its declared default, and the app starts without
            // building picocli's model, which costs more than the rest of the parsing (docs/benchmarks.md).
            options.configDir = defaultConfigDir();
            return options;
        }
        ParseResult result = CommandLines.parse(options, args);
        if (options.name != null) {
            String stripped = options.name.strip();
            if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > Limits.MAX_NAME_CHARS) {
                throw new IllegalArgumentException("--name must be 1 to " + Limits.MAX_NAME_CHARS + " characters");
            }
            int invisible = stripped.codePoints().filter(Names::isInvisible).findFirst().orElse(-1);
            if (invisible >= 0) {
                throw new IllegalArgumentException(String.format(
                        "--name must not contain invisible or control characters (U+%04X)", invisible));
            }
            options.name = Names.userName(stripped);
        }
        boolean helpOrVersion = result.isUsageHelpRequested() || result.isVersionHelpRequested();
        if (options.console && options.server == null && !helpOrVersion) {
            throw new IllegalArgumentException("--console needs --server HOST[:PORT]");
        }
        if (options.invite != null && !options.invite.regionMatches(true, 0, "punchline://", 0, 12)) {
            throw new IllegalArgumentException("unknown option: " + options.invite); // only an invite stands alone
        }
        if (options.console && options.invite != null && !helpOrVersion) {
            throw new IllegalArgumentException("an invite is for the desktop app: with --console give --server and --room");
        }
        if (options.configDir == null) {
            options.configDir = defaultConfigDir();
        }
        return options;
    }

    /**
     * The one place a client's configuration is built, for the console and the desktop app alike: every
     * flag that tunes the connection, plus what the caller decides. The desktop app takes the server and
     * the name from its settings, which the command line may override ({@code punchline.client.ui.RunOverrides}).
     *
     * @param serverAddress "HOST", "HOST:PORT" or "[IPv6]:PORT", or several separated by commas (a cluster's
     *                      nodes), optionally followed by "#FINGERPRINT" (the pin, shared by the nodes)
     * @param displayName   the name others see
     * @param identity      the key pair peers pin
     * @param knownPeersDir where the known peers' fingerprints are kept (the desktop app may be told
     *                      another folder than {@code --config-dir})
     * @throws IllegalArgumentException when the server address is not one
     */
    public ClientConfig toConfig(String serverAddress, String displayName, Identity identity, Path knownPeersDir) {
        int hash = serverAddress.indexOf('#');
        ServerAddresses servers = ServerAddresses.parse(hash < 0 ? serverAddress : serverAddress.substring(0, hash));
        ClientConfig.Builder builder = ClientConfig.builder(servers, displayName)
                .serverFingerprint(hash < 0 ? null : serverAddress.substring(hash + 1))
                .localPort(localPort)
                .punchTimeout(punchTimeout())
                .upgradeAfter(upgradeAfter())
                .localAddress(bind)
                .natOverride(nat)
                .identity(identity)
                .configDir(knownPeersDir);
        if (room != null) {
            builder.room(room);
        }
        return builder.build();
    }

    /** The invite given as the argument (checked where it is used: {@code Invite.parse}), or null. */
    public String invite() {
        return invite;
    }

    /** {@code --console}: the terminal client instead of the desktop app. */
    public boolean console() {
        return console;
    }

    /** {@code --server}, as given (null when not). */
    public String server() {
        return server;
    }

    /** {@code --name}, stripped (null when not given). */
    public String name() {
        return name;
    }

    /** {@code --room} (null when not given: the server's default). */
    public String room() {
        return room;
    }

    /** {@code --events} (null when not given). */
    public Path events() {
        return events;
    }

    /** {@code --local-port}; 0 for any free port. */
    public int localPort() {
        return localPort;
    }

    /** {@code --punch-timeout}. */
    public Duration punchTimeout() {
        return Duration.ofSeconds(punchTimeoutSeconds);
    }

    /** {@code --config-dir}, else the XDG default. */
    public Path configDir() {
        return configDir;
    }

    /** {@code --nat} (null: measure). */
    public NatType nat() {
        return nat;
    }

    /** {@code --bind} (null: the system chooses). */
    public InetAddress bind() {
        return bind;
    }

    /** {@code --upgrade-after}; zero never tries. */
    public Duration upgradeAfter() {
        return Duration.ofSeconds(upgradeAfterSeconds);
    }

    /** {@code --help}. */
    public boolean help() {
        return help;
    }

    /** {@code --version}. */
    public boolean versionRequested() {
        return version;
    }

    /** {@code $XDG_CONFIG_HOME/punchline}, or {@code ~/.config/punchline}. */
    static Path defaultConfigDir() {
        return configDir(System.getenv(), System.getProperty("user.home"));
    }

    /** {@code ${XDG_CONFIG_HOME:-~/.config}/punchline}, as the XDG base directory spec says. */
    static Path configDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".config");
        return base.resolve("punchline");
    }

    /** The name to use: --name, else the login name, else "guest". */
    String effectiveName() {
        if (name != null) {
            return name;
        }
        try {
            return Names.userName(System.getProperty("user.name", "guest"));
        } catch (IllegalArgumentException e) {
            return "guest"; // a login name no room would show as it is
        }
    }

    /** {@code --nat}'s words, in any case; they are also what shell completion offers. */
    static final class NatChoice implements ITypeConverter<NatType>, Iterable<String> {
        private static final List<String> WORDS = List.of("open", "easy", "symmetric");

        @Override
        public NatType convert(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "open" -> NatType.OPEN;
                case "easy" -> NatType.EASY;
                case "symmetric" -> NatType.SYMMETRIC;
                default -> throw new TypeConversionException("takes open, easy or symmetric, not '" + text + "'");
            };
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return WORDS.iterator();
        }
    }
}
