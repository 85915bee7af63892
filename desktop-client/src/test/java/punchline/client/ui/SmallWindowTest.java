package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import punchline.client.net.ClientEvent;
import punchline.client.ui.settings.Settings;
import punchline.client.ui.settings.SettingsStore;

/**
 * At the smallest window size, which fits half of a small laptop's screen, everything needed to chat
 * shows, even with a chat's details open, a banner and a request waiting; and the status bar shows in
 * full where friends join.
 */
class SmallWindowTest extends AppTestBase {

    @Test
    void theMessageBoxAndSendShowAtTheMinimumSizeWithEverythingOpen() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        Stage window = window();
        assertTrue(fx(window::getMinWidth) <= 683, "half of a 1366-wide screen holds it: " + fx(window::getMinWidth));
        assertTrue(fx(window::getMinHeight) <= 720, "a 768-high screen holds it: " + fx(window::getMinHeight));
        try (TestPeer bob = TestPeer.join(server.port(), "Bob");
             TestPeer dave = TestPeer.join(server.port(), "Dave")) {
            String annKey = chatFrom(bob, "Bob");
            Tab chat = chatTab("Bob");
            clickOn(nodeIn(chat, "#detailsLink"));
            waitUntil("the details show", () -> isShowingIn(chat, "#chatDetails"));
            dave.core.connect(annKey);
            waitUntil("Dave's request waits on the card", () -> isShowing("#requestCard"));
            server.say("The server restarts tonight at ten for an update; chats that go directly carry on.");
            waitUntil("the banner shows", () -> isShowing("#noticeBar"));

            toMinimumSize(window);
            for (String id : new String[] {"#messageInput", "#sendButton"}) {
                assertWhole(nodeIn(chat, id), id);
            }
            assertWhole(lookup("#acceptButton").query(), "the request's Accept");
            clickOn(nodeIn(chat, "#messageInput")).write("still fits");
            clickOn(nodeIn(chat, "#sendButton"));
            bob.await(ClientEvent.MessageReceived.class, m -> m.text().equals("still fits"));
        }
    }

    @Test
    void theStatusBarShowsWhereFriendsJoinInFullAtTheMinimumSize() throws Exception {
        new SettingsStore(configDir, 0).save(new Settings("Ann", true, 0, "")); // hosting: friends join here
        startApp();
        waitUntilOnline();
        String hosting = text("#hostingStatus");
        toMinimumSize(window());

        Node friendsJoin = lookup("#hostingStatus").query();
        assertWhole(friendsJoin, "where friends join");
        assertEquals(hosting, text("#hostingStatus"));
        assertTrue(fx(() -> ((Labeled) friendsJoin).getWidth() >= ((Labeled) friendsJoin).prefWidth(-1) - 0.5),
                "not shortened: " + fx(() -> ((Labeled) friendsJoin).getWidth()));
        assertWhole(lookup("#copyKeyButton").query(), "Copy");
    }

    private Stage window() {
        return fx(() -> (Stage) lookup("#statusBar").query().getScene().getWindow());
    }

    private static void toMinimumSize(Stage window) {
        fx(() -> {
            window.setWidth(window.getMinWidth());
            window.setHeight(window.getMinHeight());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The node shows whole: visible, at least its preferred height, and inside the window. */
    private static void assertWhole(Node node, String what) {
        Bounds bounds = fx(() -> node.localToScene(node.getBoundsInLocal()));
        double sceneWidth = fx(() -> node.getScene().getWidth());
        double sceneHeight = fx(() -> node.getScene().getHeight());
        assertTrue(fx(() -> shown(node)), what + " is visible");
        assertTrue(bounds.getMinX() >= 0 && bounds.getMinY() >= 0 && bounds.getMaxX() <= sceneWidth + 0.5
                && bounds.getMaxY() <= sceneHeight + 0.5, what + " lies inside the " + sceneWidth + "x" + sceneHeight
                + " window: " + bounds);
        assertTrue(bounds.getHeight() >= fx(() -> node.prefHeight(-1)) - 0.5, what + " has its full height: " + bounds);
    }
}
