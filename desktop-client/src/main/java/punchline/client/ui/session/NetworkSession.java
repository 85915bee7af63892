package punchline.client.ui.session;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import punchline.client.net.ClientConfig;
import punchline.client.net.ClientCore;
import punchline.client.net.ClientEventListener;
import punchline.client.net.Identity;
import punchline.client.net.ServerAddress;
import punchline.client.ui.AppOptions;
import punchline.client.ui.RunOverrides;
import punchline.client.ui.settings.Settings;

/** One run of the network under one set of settings: the embedded server (if hosting) and the client core. */
final class NetworkSession {
    private final ClientCore core;
    private final EmbeddedServer server;
    private final SessionInfo info;

    private NetworkSession(ClientCore core, EmbeddedServer server, SessionInfo info) {
        this.core = core;
        this.server = server;
        this.info = info;
    }

    /**
     * Starts the embedded server if the settings host one, then the client core with our identity.
     * Blocking. {@code identityProblem} (or null) says why the identity is not the saved one.
     */
    static NetworkSession open(Settings settings, AppOptions options, Identity identity, String identityProblem,
                               ClientEventListener listener) throws StartFailure {
        RunOverrides run = options.run();
        EmbeddedServer server = settings.hostServer() ? EmbeddedServer.start(settings.hostPort(), options.configDir())
                : null;
        String address = server != null ? LocalNetwork.hostAndPort(hostJoinAddress(run.bind()), server.port())
                : settings.server().strip();
        ClientCore core;
        try {
            ServerAddress parsed = ServerAddress.parse(address); // HOST[:PORT][#FINGERPRINT]
            ClientConfig.Builder config = ClientConfig.builder(parsed.host(), parsed.port(), settings.name().strip())
                    .punchDeadline(options.punchDeadline())
                    .identity(identity)
                    .configDir(options.configDir())
                    .localAddress(run.bind())
                    .natOverride(run.nat())
                    .localPort(run.localPort())
                    .serverFingerprint(server == null ? parsed.fingerprint() : server.fingerprint());
            if (run.room() != null) {
                config.room(run.room());
            }
            core = new ClientCore(config.build());
            core.addListener(listener);
            core.start();
        } catch (IllegalArgumentException | IOException e) {
            if (server != null) {
                server.stop();
            }
            throw new StartFailure("Could not start the connection to " + address + ": "
                    + e.getMessage());
        }
        SessionInfo info = new SessionInfo(address, server == null ? -1 : server.port(),
                server == null ? List.of() : server.invitationAddresses(), settings.name().strip(),
                identity.fingerprint(), identityProblem, run.nat() != null);
        return new NetworkSession(core, server, info);
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

    /** Closes every chat (peers are told), leaves the server and stops the embedded one. Blocking. */
    void close() {
        core.stop();
        if (server != null) {
            server.stop();
        }
    }
}
