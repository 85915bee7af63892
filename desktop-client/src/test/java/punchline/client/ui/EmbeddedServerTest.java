package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import punchline.client.net.ClientEvent;
import punchline.client.ui.settings.Settings;
import punchline.client.ui.settings.SettingsStore;

/** The first start: a server on this computer, joined at once; and what happens when that cannot be. */
class EmbeddedServerTest extends AppTestBase {

    @Test
    void theFirstStartHostsAServerJoinsItAtOnceAndStopsItOnClose() throws Exception {
        startApp(); // no settings at all

        waitUntilOnline();
        // The host joins its own server where friends do (the address on the default route), not over
        // 127.0.0.1: the server hands that address to friends as the host's endpoint to punch to.
        String hosting = text("#hostingStatus");
        int port;
        if (hosting.startsWith("Friends join at ")) {
            String invitation = hosting.substring("Friends join at ".length());
            assertTrue(text("#serverStatus").startsWith("Connected to " + invitation + " "), text("#serverStatus"));
            assertTrue(!invitation.startsWith("127."), "friends are not sent to loopback: " + invitation);
            port = Integer.parseInt(invitation.substring(invitation.lastIndexOf(':') + 1));
        } else { // a computer without any network
            assertTrue(hosting.startsWith("Hosting on port "), hosting);
            port = Integer.parseInt(hosting.substring("Hosting on port ".length()));
        }
        waitUntil("the welcome dialog shows, pre-filled", () -> isShowing("#setupDialog"));
        assertEquals(System.getProperty("user.name"), fx(() -> lookup("#nameField").queryAs(TextField.class).getText()));
        assertTrue(fx(() -> lookup("#hostServerOption").queryAs(RadioButton.class).isSelected()));
        assertTrue(Files.exists(configDir.resolve("settings.json")), "the first start is remembered");

        try (TestPeer bob = TestPeer.join(port, "Bob")) {
            waitUntil("Bob, on the embedded server, is listed", () -> userState("Bob").equals(Optional.of("idle")));
            clickOn("#applySettingsButton");
            waitUntil("the dialog closed", () -> !isShowing("#setupDialog"));

            // Bob, on 127.0.0.1, and the host, on its network address, punch to each other.
            String hostKey = bob.keyOf(System.getProperty("user.name"));
            bob.core.connect(hostKey);
            waitUntil("the request card shows", () -> isShowing("#requestCard"));
            clickOn("#acceptButton");
            bob.await(ClientEvent.Connected.class, c -> c.peer().equals(hostKey));
            waitUntil("the host's chat with Bob is direct", () -> tabTitles().contains("Bob · direct"));
        }

        FxToolkit.cleanupApplication(app);
        app.shutdownComplete().get(15, TimeUnit.SECONDS);
        app = null;
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "the embedded server stopped with the app");
    }

    @Test
    void aBusyPortIsExplainedAndAnotherServerCanBeChosen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) { // every address, as the embedded server wants it
            int port = taken.getLocalPort();
            new SettingsStore(configDir, 0).save(new Settings("Ann", true, port, ""));
            startApp();

            waitUntil("the settings dialog explains the busy port", () -> isShowing("#setupProblem")
                    && text("#setupProblem").startsWith("Port " + port + " is already in use on this computer"));
            assertTrue(text("#serverStatus").startsWith("Not connected: Port " + port), text("#serverStatus"));

            clickOn("#remoteServerOption");
            clickOn("#serverField").write("127.0.0.1:" + server.port());
            clickOn("#applySettingsButton");
            waitUntilOnline();
            assertTrue(text("#serverStatus").startsWith("Connected to 127.0.0.1:" + server.port()));
            assertFalse(isShowing("#noticeBar"), "'could not start' went with the successful start");
            waitUntil("the new choice is saved", () -> new SettingsStore(configDir, 0).load().settings()
                    .equals(new Settings("Ann", false, port, "127.0.0.1:" + server.port())));
        }
    }

    @Test
    void anUnreadableSettingsFileIsExplainedAndTheDefaultsRun() throws Exception {
        Files.writeString(configDir.resolve("settings.json"), "{ this is not json");
        startApp();

        waitUntilOnline();
        assertTrue(text("#hostingStatus").startsWith("Friends join at ")
                || text("#hostingStatus").startsWith("Hosting on port "), "the defaults host a server");
        waitUntil("the dialog says what was wrong", () -> isShowing("#setupProblem")
                && text("#setupProblem").contains("could not be used"));
        assertTrue(Files.exists(configDir.resolve("settings.json.broken")), "the broken file is kept");
    }
}
