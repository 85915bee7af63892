package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import punchline.client.ui.settings.Settings;
import punchline.client.ui.settings.SettingsStore;
import punchline.server.RendezvousServer;

/** Which server the app joins, and what it says when that server is not there. */
class ServerChoiceTest extends AppTestBase {

    @Test
    void aStoppedServerIsShownAsUnreachableAndJoinedOnceItIsBack() throws Exception {
        int port = server.port();
        server.stop();
        startAppAs("Ann");

        waitUntil("the status bar says the server cannot be reached", () -> text("#serverStatus")
                .startsWith("Cannot reach 127.0.0.1:" + port + " (connection refused). "));
        assertTrue(text("#serverStatus").contains("Trying again in "), text("#serverStatus"));
        assertEquals("–", text("#ownKey"));

        server = new RendezvousServer(serverOptions().bindAddress(InetAddress.getLoopbackAddress()).port(port)
                .probePort(0).console(false).build()); // port + 1 may be some client's port by now
        server.start();
        waitUntilOnline();
    }

    @Test
    void nameAndServerFromTheCommandLineWinForThisRunAndAreNotSaved() throws Exception {
        Settings saved = new Settings("Ann", true, 0, ""); // hosting, as on a first start
        new SettingsStore(configDir, 0).save(saved);
        commandLine = List.of("--name", "Zed", "--server", "127.0.0.1:" + server.port());
        startApp();

        waitUntilOnline();
        assertTrue(text("#serverStatus").startsWith("Connected to 127.0.0.1:" + server.port() + " "));
        assertFalse(isShowing("#hostingStatus"), "no server hosted this time");
        assertFalse(isShowing("#setupDialog"));
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            bob.keyOf("Zed"); // the others see the name from the command line
        }
        assertEquals(saved, new SettingsStore(configDir, 0).load().settings(), "the settings file is unchanged");
    }
}
