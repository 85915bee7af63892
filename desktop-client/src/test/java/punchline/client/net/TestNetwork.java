package punchline.client.net;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import punchline.server.FloodLimits;
import punchline.server.RendezvousServer;
import punchline.server.ServerOptions;

/** A real rendezvous server on 127.0.0.1 and client cores with short timeouts, all stopped at the end. */
public final class TestNetwork implements AutoCloseable {
    private final List<ClientCore> cores = new ArrayList<>();
    private final UnaryOperator<ServerOptions.Builder> serverSettings;
    private RendezvousServer server;
    private int port;
    /** The server's identity is kept here, so a restarted server is the one the clients pinned. */
    private final java.nio.file.Path serverData = java.nio.file.Files.createTempDirectory("punchline-test-server");

    public TestNetwork() throws IOException {
        this(UnaryOperator.identity());
    }

    /** A server with some settings changed, e.g. {@code b -> b.relay(RelayOptions.defaults().withEnabled(false))}. */
    public TestNetwork(UnaryOperator<ServerOptions.Builder> serverSettings) throws IOException {
        this.serverSettings = serverSettings;
        startServer(0);
    }

    public void startServer(int fixedPort) throws IOException {
        server = new RendezvousServer(serverSettings.apply(ServerOptions.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(fixedPort)
                .probePort(0)
                .heartbeatInterval(Duration.ofSeconds(1))
                .dataDir(serverData)
                .floodLimits(FloodLimits.unlimited()) // every test client comes from 127.0.0.1
                .console(false))
                .build());
        server.start();
        port = server.port();
    }

    public void stopServer() {
        server.stop();
    }

    public RendezvousServer server() {
        return server;
    }

    /** Where the test server keeps its identity: another server started on it shows the same certificate. */
    public java.nio.file.Path serverDataDir() {
        return serverData;
    }

    public int port() {
        return port;
    }

    public ClientConfig.Builder config(String name) {
        return config(name, port);
    }

    /** A client of another server (a fake one) with this network's short timeouts. */
    public static ClientConfig.Builder config(String name, int serverPort) {
        return ClientConfig.builder("127.0.0.1", serverPort, name)
                .punchTimeout(Duration.ofSeconds(4))
                .peerHeartbeat(Duration.ofMillis(500), Duration.ofSeconds(3))
                .serverTimeout(Duration.ofSeconds(4))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
    }

    /** A started core with a recorder attached before start, already registered. */
    public Peer join(String name) throws IOException {
        return join(config(name).build());
    }

    public Peer join(ClientConfig config) throws IOException {
        ClientCore core = new ClientCore(config);
        EventRecorder events = new EventRecorder(config.name());
        core.addListener(events);
        cores.add(core);
        core.start();
        ClientEvent.Registered registered = events.await(ClientEvent.Registered.class);
        events.await(ClientEvent.Users.class);
        return new Peer(core, events, registered.key());
    }

    /** A joined client: its core, its events, its key. */
    public record Peer(ClientCore core, EventRecorder events, String key) {
    }

    @Override
    public void close() {
        cores.forEach(ClientCore::stop);
        if (server != null) {
            server.stop();
        }
        try (var files = java.nio.file.Files.walk(serverData)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it up eventually
        }
    }
}
