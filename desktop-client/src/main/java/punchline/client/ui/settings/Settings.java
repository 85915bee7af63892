package punchline.client.ui.settings;

import punchline.protocol.Limits;

/**
 * What the app remembers between starts. With {@code hostServer} the app runs its own rendezvous server
 * on {@code hostPort} and joins it; otherwise it joins the server at {@code server} ("host[:port]"), in
 * {@code room} (null: the server's default; an invite names one).
 */
public record Settings(String name, boolean hostServer, int hostPort, String server, String room) {
    public static final String LOOPBACK = "127.0.0.1";

    /** In the server's default room. */
    public Settings(String name, boolean hostServer, int hostPort, String server) {
        this(name, hostServer, hostPort, server, null);
    }

    /** A newcomer's settings: their login name, and a server hosted on this computer. */
    public static Settings defaults(int hostPort) {
        return new Settings(loginName(), true, hostPort, "");
    }

    /** Null when these settings can be used, else what is wrong, in words. */
    public String problem() {
        if (name == null || name.isBlank()) {
            return "Please enter a display name.";
        }
        if (name.strip().codePointCount(0, name.strip().length()) > Limits.MAX_NAME_CHARS) {
            return "A display name has at most " + Limits.MAX_NAME_CHARS + " characters.";
        }
        if (hostServer) {
            return hostPort >= 0 && hostPort <= 65_535 ? null : "A port is a number from 1 to 65535.";
        }
        if (server == null || server.isBlank()) {
            return "Please enter the server address, like example.org:3333.";
        }
        try {
            punchline.client.net.ServerAddress.parse(server); // HOST[:PORT][#FINGERPRINT]
            return null;
        } catch (IllegalArgumentException e) {
            return "The server address is not valid: " + e.getMessage() + ".";
        }
    }

    /** The login name, if it fits the protocol's limit, else "guest". */
    static String loginName() {
        String login = System.getProperty("user.name", "").strip();
        return login.isEmpty() || login.codePointCount(0, login.length()) > Limits.MAX_NAME_CHARS ? "guest" : login;
    }
}
