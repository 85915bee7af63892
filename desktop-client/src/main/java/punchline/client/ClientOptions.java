package punchline.client;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import punchline.protocol.Limits;
import punchline.protocol.NatType;

/**
 * Command-line options of punchline.jar. The flags are a contract: extend, never rename. The desktop app
 * reads them too ({@code punchline.client.ui.AppOptions}): there they override the settings for one run.
 */
public record ClientOptions(boolean console, String server, String name, String room, Path events, int localPort,
                     Duration punchTimeout, Path configDir, NatType nat, InetAddress bind, Duration upgradeAfter,
                     boolean help) {

    public static String usage() {
        return String.join("\n",
                "Usage: punchline [--console] [options]      (from a build: java -jar punchline.jar ...)",
                "",
                "Punchline: peer-to-peer chat that connects directly through home routers.",
                "Without --console the desktop app starts. There, --name, --server and the other options",
                "apply to this run only: they override the app's settings but are not saved.",
                "",
                "Options:",
                "  --console              run in the terminal (no display needed); type help for commands",
                "  --server HOST[:PORT]   rendezvous server (default port 3333; required with --console;",
                "                         the desktop app joins it instead of its saved choice); the nodes",
                "                         of a cluster as HOST[:PORT],HOST[:PORT],... or one name with",
                "                         several addresses: the client moves to another when one fails",
                "  --name NAME            your display name (default: your login name, or the app's setting)",
                "  --room ROOM            room to join (default: lobby)",
                "  --events FILE          append one JSON line per event to FILE (console only)",
                "  --local-port PORT      local port to register and punch from (default: any free port)",
                "  --punch-timeout SECS   how long to try a direct connection (default 10)",
                "  --upgrade-after SECS   retry a direct connection for a relayed chat after this (default 30;",
                "                         0 never)",
                "  --bind ADDRESS         local address to connect from (default: chosen by the system)",
                "  --nat TYPE             skip the NAT test and take TYPE: open, easy or symmetric",
                "                         (symmetric: chats go through the server's relay, unless the",
                "                         other side has no NAT or is behind the same one as you)",
                "  --config-dir DIR       where your identity and settings live",
                "                         (default: $XDG_CONFIG_HOME/punchline or ~/.config/punchline)",
                "  --help                 show this help");
    }

    public static ClientOptions parse(String... args) {
        boolean console = false;
        boolean help = false;
        String server = null;
        String name = null;
        String room = null;
        Path events = null;
        int localPort = 0;
        Duration punchTimeout = Duration.ofSeconds(10);
        Path configDir = null;
        NatType nat = null;
        InetAddress bind = null;
        Duration upgradeAfter = Duration.ofSeconds(30);
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.poll();
            switch (flag) {
                case "--console" -> console = true;
                case "--help", "-h" -> help = true;
                case "--server" -> server = value(flag, rest);
                case "--name" -> name = value(flag, rest);
                case "--room" -> room = value(flag, rest);
                case "--events" -> events = Path.of(value(flag, rest));
                case "--local-port" -> localPort = number(flag, rest, 0, 65_535);
                case "--punch-timeout" -> punchTimeout = Duration.ofSeconds(number(flag, rest, 1, 300));
                case "--config-dir" -> configDir = Path.of(value(flag, rest));
                case "--nat" -> nat = natType(value(flag, rest));
                case "--bind" -> bind = address(value(flag, rest));
                case "--upgrade-after" -> upgradeAfter = Duration.ofSeconds(number(flag, rest, 0, 3600));
                default -> throw new IllegalArgumentException("unknown option: " + flag);
            }
        }
        if (name != null && (name.isBlank() || name.strip().codePointCount(0, name.strip().length())
                > Limits.MAX_NAME_CHARS)) {
            throw new IllegalArgumentException("--name must be 1 to " + Limits.MAX_NAME_CHARS + " characters");
        }
        if (console && server == null && !help) {
            throw new IllegalArgumentException("--console needs --server HOST[:PORT]");
        }
        return new ClientOptions(console, server, name == null ? null : name.strip(), room, events, localPort,
                punchTimeout, configDir != null ? configDir : defaultConfigDir(), nat, bind, upgradeAfter, help);
    }

    /** {@code $XDG_CONFIG_HOME/punchline}, or {@code ~/.config/punchline}. */
    static Path defaultConfigDir() {
        return configDir(System.getenv(), System.getProperty("user.home"));
    }

    /** {@code ${XDG_CONFIG_HOME:-~/.config}/punchline}, as the XDG base directory spec says. */
    static Path configDir(java.util.Map<String, String> env, String home) {
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
        String login = System.getProperty("user.name", "guest").strip();
        if (login.isEmpty() || login.codePointCount(0, login.length()) > Limits.MAX_NAME_CHARS) {
            return "guest";
        }
        return login;
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address '" + text + "'");
        }
    }

    private static NatType natType(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "open" -> NatType.OPEN;
            case "easy" -> NatType.EASY;
            case "symmetric" -> NatType.SYMMETRIC;
            default -> throw new IllegalArgumentException("--nat takes open, easy or symmetric, not '" + text + "'");
        };
    }

    private static String value(String flag, Deque<String> rest) {
        String value = rest.poll();
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static int number(String flag, Deque<String> rest, int min, int max) {
        String text = value(flag, rest);
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number from " + min + " to " + max + ", not '" + text + "'");
        }
    }
}
