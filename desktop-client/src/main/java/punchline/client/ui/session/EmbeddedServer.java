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

    /** Starts the server (blocking); a busy port becomes a {@link StartFailure} that says so. */
    static EmbeddedServer start(int port) throws StartFailure {
        RendezvousServer server = new RendezvousServer(ServerOptions.builder().port(port).console(false).build());
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

    /** Addresses at which friends on the same network can reach this server, the primary one first. */
    List<String> invitationAddresses() {
        return LocalNetwork.reachableAddresses().stream().map(address -> LocalNetwork.hostAndPort(address, port()))
                .toList();
    }

    void stop() {
        server.stop();
    }
}
