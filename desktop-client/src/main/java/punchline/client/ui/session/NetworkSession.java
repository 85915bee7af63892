package punchline.client.ui.session;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import punchline.client.ClientOptions;
import punchline.client.net.ClientConfig;
import punchline.client.net.ClientCore;
import punchline.client.net.ClientEventListener;
import punchline.client.net.Identity;
import punchline.client.ui.AppOptions;
import punchline.client.ui.settings.Settings;

/**
 * One run of the client core under one set of settings, joined to the embedded server when hosting (the
 * {@link SessionRunner} owns that server, so a change that only needs a new core leaves it running).
 */
final class NetworkSession {
    private final ClientCore core;
    private final SessionInfo info;

    private NetworkSession(ClientCore core, SessionInfo info) {
        this.core = core;
        this.info = info;
    }

    /**
     * Starts the client core with our identity, joining {@code server} (already running) when the
     * settings host one. Blocking. {@code identityProblem} (or null) says why the identity is not the
     * saved one.
     */
    static NetworkSession open(Settings settings, AppOptions options, Identity identity, String identityProblem,
                               EmbeddedServer server, ClientEventListener listener) throws StartFailure {
        ClientOptions commandLine = options.commandLine();
        String address = server != null ? LocalNetwork.hostAndPort(hostJoinAddress(commandLine.bind()), server.port())
                : settings.server().strip();
        ClientCore core;
        try {
            // The app's own server is pinned from the start: its fingerprint is known here.
            String pinned = server != null ? address + "#" + server.fingerprint() : address;
            ClientConfig config = commandLine.toConfig(pinned, settings.name().strip(), identity, options.configDir());
            if (commandLine.room() == null && settings.room() != null && !settings.hostServer()) {
                config = config.toBuilder().room(settings.room()).build(); // the room an invite named
            }
            core = new ClientCore(config);
            core.addListener(listener);
            core.start();
        } catch (IllegalArgumentException | IOException e) {
            throw new StartFailure("Could not start the connection to " + address + ": "
                    + e.getMessage());
        }
        int pin = address.indexOf('#'); // the status bar names the server; the pin is under About you
        SessionInfo info = new SessionInfo(pin < 0 ? address : address.substring(0, pin), server == null ? -1 : server.port(),
                server == null ? List.of() : server.invitationAddresses(), settings.name().strip(),
                identity.fingerprint(), identityProblem, commandLine.nat() != null);
        return new NetworkSession(core, info);
    }

    /**
     * Where the host joins its own server: the server reports each client's address as the client's
     * public endpoint, so joining over 127.0.0.1 would tell friends on other computers to punch to
     * 127.0.0.1. The chosen local address when there is one, else the first address friends are invited
     * to (the one on the default route, if any), else (no network at all) loopback.
     */
    static InetAddress hostJoinAddress(InetAddress bind) {
        if (bind != null && !bind.isAnyLocalAddress()) {
            return bind;
        }
        return LocalNetwork.reachableAddresses().stream().findFirst().orElse(InetAddress.getLoopbackAddress());
    }

    ClientCore core() {
        return core;
    }

    SessionInfo info() {
        return info;
    }

    /** Closes every chat (peers are told) and leaves the server. Blocking. */
    void close() {
        core.stop();
    }
}
