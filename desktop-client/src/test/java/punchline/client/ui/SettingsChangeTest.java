package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;
import punchline.client.ui.settings.Settings;
import punchline.client.ui.settings.SettingsStore;

/**
 * Saving settings restarts only what changed, and says what a change will end before it ends it; quitting
 * with open chats asks first.
 */
class SettingsChangeTest extends AppTestBase {

    @Test
    void aRenameWhileHostingKeepsTheServerAndSaysWhichChatsEnd() throws Exception {
        new SettingsStore(configDir, 0).save(new Settings("Ann", true, 0, "")); // hosting, on any free port
        startApp();
        waitUntilOnline();
        String hosting = text("#hostingStatus");
        int port = Integer.parseInt(hosting.substring(hosting.lastIndexOf(':') + 1).replace("Hosting on port ", ""));
        try (TestPeer bob = TestPeer.join(port, "Bob")) {
            String annKey = chatFrom(bob, "Bob");

            clickOn("Punchline").clickOn("#settingsMenuItem");
            waitUntil("the settings show", () -> isShowing("#setupDialog"));
            assertFalse(isShowing("#settingsConsequences"), "nothing changed yet, nothing to end");
            doubleClickOn("#nameField").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                    .write("Anna");
            waitUntil("the dialog says what saving ends", () -> isShowing("#settingsConsequences"));
            assertEquals("Saving reconnects you to the server under the new name: your chat with " + isolated("Bob")
                    + " ends. The server this computer hosts keeps running.", text("#settingsConsequences"));

            clickOn("#applySettingsButton");
            bob.await(ClientEvent.PeerLeft.class, left -> left.peer().equals(annKey));
            bob.await(ClientEvent.UserJoined.class, joined -> joined.user().name().equals("Anna"));
            waitUntilOnline();
            assertEquals(0, bob.events.count(ClientEvent.ServerLost.class), "Bob's server never went away");
            assertEquals(hosting, text("#hostingStatus"), "the same server, on the same port");
        }
    }

    @Test
    void quittingWithAnOpenChatAsksFirstAndCancelKeepsTheChat() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            chatFrom(bob, "Bob");
            Stage window = fx(() -> (Stage) lookup("#chatTabs").query().getScene().getWindow());

            press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);
            waitUntil("Quit asks first", () -> isShowing("#quitDialog"));
            assertEquals("Your chat with " + isolated("Bob") + " ends (they are told).",
                    fx(() -> lookup("#quitDialog").queryAs(DialogPane.class).getContentText()));
            clickOn("#cancelQuitButton");
            waitUntil("the question closed", () -> !isShowing("#quitDialog"));
            assertTrue(fx(window::isShowing), "still running");
            assertEquals(Optional.of("connected direct"), userState("Bob"));
            assertEquals(0, bob.events.count(ClientEvent.PeerLeft.class), "the chat goes on");

            // The window's close button asks the same.
            fx(() -> {
                window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
                return null;
            });
            waitUntil("closing asks first", () -> isShowing("#quitDialog"));
            clickOn("#confirmQuitButton");
            waitUntil("the window closed", () -> !window.isShowing());
        }
    }
}
