package punchline.client.ui.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import punchline.client.net.ClientConfig;
import punchline.client.net.Identity;
import punchline.client.ui.AppOptions;
import punchline.client.ui.settings.Settings;
import punchline.server.RendezvousServer;
import punchline.server.ServerOptions;

/** The desktop app's connection takes every client flag from the command line, as the console's does. */
class NetworkSessionTest {
    @TempDir
    Path configDir;
    private RendezvousServer server;
    private NetworkSession session;

    @BeforeEach
    void startServer() throws Exception {
        server = new RendezvousServer(ServerOptions.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .console(false).build());
        server.start();
    }

    @AfterEach
    void stopEverything() {
        if (session != null) {
            session.close();
        }
        server.stop();
    }

    @Test
    void theCommandLinesTimingsReachTheDesktopAppsConnection() throws Exception {
        AppOptions options = AppOptions.fromCommandLine(List.of("--upgrade-after", "7", "--punch-timeout", "4",
                "--room", "friends", "--config-dir", configDir.toString()));
        Settings settings = new Settings("Ann", false, 0, "127.0.0.1:" + server.port());

        session = NetworkSession.open(settings, options, Identity.generate(), null, null, event -> { });

        ClientConfig config = session.core().config();
        assertEquals(Duration.ofSeconds(7), config.upgradeAfter(), "--upgrade-after");
        assertEquals(Duration.ofSeconds(4), config.punchTimeout(), "--punch-timeout");
        assertEquals("friends", config.room(), "--room");
        assertEquals(configDir, config.configDir(), "--config-dir");
        assertEquals("Ann", config.name());
        assertEquals(server.port(), config.serverPort());
    }
}
