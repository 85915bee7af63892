package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import punchline.client.net.ClientEvent;

/**
 * Issue 13, item 3: Ann and Bob chat directly; the server restarts and both come back under new keys. Bob
 * is the same person (the same verified ID): his row says they are chatting, and a double-click opens the
 * live chat rather than sending a second request.
 */
class SamePersonAfterServerRestartTest extends AppTestBase {

    @Test
    void aLiveChatIsShownForTheSamePersonUnderANewKey() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            String annKey = chatFrom(bob, "Bob");
            String oldKey = bob.core.key();

            restartServer(serverDataDir); // every key changes; the chat runs outside the server
            bob.await(ClientEvent.Registered.class, ClientEvent.Registered::rejoined);
            waitUntil("Ann is back on the server", () -> text("#serverStatus").startsWith("Connected to")
                    && userState("Bob").isPresent());
            assertNotEquals(oldKey, bob.core.key(), "Bob has a new key");
            waitUntil("Bob's row says they are chatting", () -> userState("Bob").equals(Optional.of("chatting")));
            // "Back on the server" shows above the list and moves it down: click where the row is once it has.
            waitUntil("the banner says Ann is back", () -> isShowing("#noticeBar")
                    && text("#noticeTitle").equals("Back on the server"));
            WaitForAsyncUtils.waitForFxEvents();

            doubleClickOn(userRow("Bob"));
            waitUntil("the live chat has the keyboard", () -> inChat("Bob", "#messageInput").isFocused());
            assertEquals(List.of("Bob · direct"), tabTitles(), "one chat, no second request");
            assertEquals(Optional.of("chatting"), userState("Bob"), "no request was sent");

            clickOn(inChat("Bob", "#messageInput")).write("still here").type(KeyCode.ENTER);
            bob.await(ClientEvent.MessageReceived.class, m -> m.text().equals("still here"));
            bob.core.send(annKey, "me too");
            waitUntil("Bob's answer arrives in the same chat", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("me too | Bob · ")));
        }
    }
}
