package punchline.client.ui.session;

import java.io.IOException;
import java.net.BindException;
import java.util.List;
import punchline.server.RendezvousServer;
import punchline.server.ServerOptions;

/** A rendezvous server inside the app, listening on every address so friends on the network can join. */
final class EmbeddedServer {
    private final RendezvousServer server;

    private EmbeddedServer(RendezvousServer server) {
        this.server = server;
    }

    /**
     * Starts the server (blocking); a busy port becomes a {@link StartFailure} that says so. Its identity is
     * kept in {@code configDir} (null: a new one per start), so friends who pinned it keep joining.
     */
    static EmbeddedServer start(int port, java.nio.file.Path configDir) throws StartFailure {
        RendezvousServer server = new RendezvousServer(ServerOptions.builder().port(port).console(false)
                .identityFile(configDir == null ? null : configDir.resolve("server-identity.p12")).build());
        try {
            server.start();
        } catch (BindException e) {
            throw new StartFailure("Port " + port + " is already in use on this"
                    + " computer, so Punchline cannot host a server there. Perhaps another Punchline is already"
                    + " hosting on it: join it as a server at 127.0.0.1:" + port + ", or host on another port.");
        } catch (IOException e) {
            throw new StartFailure("Could not start a server on port " + port + ": "
                    + e.getMessage());
        }
        return new EmbeddedServer(server);
    }

    int port() {
        return server.port();
    }

    /** The fingerprint of the certificate the server presents: the host's own client pins it from the start. */
    String fingerprint() {
        return server.fingerprint();
    }

    /** Addresses at which friends on the same network can reach this server, the primary one first. */
    List<String> invitationAddresses() {
        return LocalNetwork.reachableAddresses().stream().map(address -> LocalNetwork.hostAndPort(address, port()))
                .toList();
    }

    void stop() {
        server.stop();
    }
}
