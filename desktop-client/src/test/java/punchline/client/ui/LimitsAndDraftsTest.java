package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import punchline.client.net.ClientEvent;

/** Limits are shown as the user types, nothing is cut silently, and a draft is never thrown away. */
class LimitsAndDraftsTest extends AppTestBase {

    @Test
    void aPasteOverTheLimitIsKeptWholeWithTheExcessShownAndNothingSent() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            chatTo(bob, "Bob");
            Tab chat = chatTab("Bob");
            String pasted = "x".repeat(5_000);
            fx(() -> Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.PLAIN_TEXT, pasted)));
            clickOn(nodeIn(chat, "#messageInput")).press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);

            waitUntil("all 5,000 characters are in the box", () -> textIn(chat, "#messageInput").length() == 5_000);
            assertTrue(isShowingIn(chat, "#charCount"), "the length shows");
            assertEquals("5,000 / 4,000 · 1,000 too many to send: shorten it or split it", textIn(chat, "#charCount"));
            assertTrue(fx(() -> nodeIn(chat, "#sendButton").isDisabled()), "Send waits until it fits");
            type(KeyCode.ENTER);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(5_000, textIn(chat, "#messageInput").length(), "Enter neither sent nor cut it");

            type(KeyCode.BACK_SPACE); // still far over: the count follows
            assertEquals("4,999 / 4,000 · 999 too many to send: shorten it or split it", textIn(chat, "#charCount"));
            fx(() -> {
                ((TextInputControl) nodeIn(chat, "#messageInput")).setText("x".repeat(3_990));
                return null;
            });
            assertEquals("3,990 / 4,000", textIn(chat, "#charCount"));
            type(KeyCode.ENTER);
            bob.await(ClientEvent.MessageReceived.class, m -> m.text().length() == 3_990);
            assertEquals(1, bob.events.count(ClientEvent.MessageReceived.class), "only the message that fit went");
        }
    }

    @Test
    void draftsStayWithTheirChatThroughTabSwitchesEscapeAndClosing() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob");
             TestPeer cleo = TestPeer.join(server.port(), "Cleo")) {
            String annKey = chatFrom(bob, "Bob");
            chatFrom(cleo, "Cleo");

            clickOn(tabHeader(bob.core.key()));
            waitUntil("Bob's chat shows", () -> fx(() -> chatTab("Bob").isSelected()));
            clickOn(inChat("Bob", "#messageInput")).write("half a thought for Bob");
            type(KeyCode.ESCAPE);
            assertEquals("half a thought for Bob", chatText("Bob", "#messageInput"), "Escape keeps the draft");
            clickOn(tabHeader(cleo.core.key()));
            waitUntil("Cleo's chat shows", () -> fx(() -> chatTab("Cleo").isSelected()));
            clickOn(inChat("Cleo", "#messageInput")).write("and one for Cleo");
            clickOn(tabHeader(bob.core.key()));
            waitUntil("Bob's chat shows", () -> fx(() -> chatTab("Bob").isSelected()));
            assertEquals("half a thought for Bob", chatText("Bob", "#messageInput"));
            assertEquals("and one for Cleo", chatText("Cleo", "#messageInput"));

            // Closing the tab ends the chat; the draft waits for the next chat with Bob.
            clickOn(from(tabHeader(bob.core.key())).lookup(".tab-close-button").queryAs(Node.class));
            bob.await(ClientEvent.PeerLeft.class, left -> left.peer().equals(annKey));
            waitUntil("Bob's tab is gone", () -> !tabTitles().contains("Bob · direct"));
            bob.core.connect(annKey);
            waitUntil("Bob asks again", () -> isShowing("#requestCard"));
            clickOn("#acceptButton");
            waitUntil("the new chat with Bob is up", () -> tabTitles().contains("Bob · direct"));
            assertEquals("half a thought for Bob", chatText("Bob", "#messageInput"), "the draft came back");
        }
    }

    @Test
    void aNameOverTheLimitIsShownAsSuchInSettingsNotCut() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        clickOn("Punchline").clickOn("#settingsMenuItem");
        waitUntil("the settings show", () -> isShowing("#setupDialog"));
        String forty = "Bartholomew Fitzgerald-Montgomery III";
        forty = forty + "x".repeat(40 - forty.length());
        doubleClickOn("#nameField").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write(forty);
        assertEquals(forty, inputText("#nameField"), "all 40 characters are in the field");
        assertEquals("40 / 32 · 8 too many", text("#nameCount"));

        clickOn("#applySettingsButton");
        assertTrue(isShowing("#setupDialog"), "Save waits until the name fits");
        assertEquals("A display name has at most 32 characters.", text("#setupProblem"));
        assertEquals(forty, inputText("#nameField"), "nothing was cut");
    }

    /** The header of a chat's tab (it carries the tab's id). */
    private Node tabHeader(String peerKey) {
        return fx(() -> lookup("#chat-" + peerKey).query());
    }
}
