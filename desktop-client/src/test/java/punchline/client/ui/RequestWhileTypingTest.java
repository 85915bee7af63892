package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import punchline.client.net.ClientEvent;

/**
 * A request arrives while the user types to someone else: it must not take the keyboard. The typed
 * sentence, spaces included, goes on into the chat it was typed in, and the request waits, unanswered.
 */
class RequestWhileTypingTest extends AppTestBase {

    @Test
    void aRequestArrivingMidSentenceNeitherTakesTheFocusNorIsAnsweredByTyping() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer cleo = TestPeer.join(server.port(), "Cleo");
             TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            chatTo(cleo, "Cleo");
            Node cleoInput = inChat("Cleo", "#messageInput");
            clickOn(cleoInput).write("first part");

            String annKey = bob.keyOf("Ann");
            bob.core.connect(annKey);
            waitUntil("Bob's request has arrived", () -> userState("Bob").equals(Optional.of("request received")));
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(isShowing("#requestCard"), "the request shows, on the card");

            write(" and the second part").type(KeyCode.ENTER);
            cleo.await(ClientEvent.MessageReceived.class, m -> m.text().equals("first part and the second part"));
            assertSame(cleoInput, fx(() -> cleoInput.getScene().getFocusOwner()), "the keyboard stayed with Cleo");
            assertEquals(Optional.of("request received"), userState("Bob"), "typing answered nothing");
            assertEquals(List.of("Cleo · direct"), tabTitles(), "no chat with Bob was opened");
            assertEquals(0, bob.events.count(ClientEvent.Connected.class));
        }
    }

    @Test
    void aChatThatOpensWhileTheUserTypesElsewhereOpensBehind() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer cleo = TestPeer.join(server.port(), "Cleo");
             TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            chatTo(cleo, "Cleo");
            ClientEvent.RequestReceived toBob = requestTo(bob, "Bob"); // Ann asks Bob, then goes back to Cleo
            Node cleoInput = inChat("Cleo", "#messageInput");
            clickOn(cleoInput).write("hello");

            bob.core.accept(toBob.from());
            waitUntil("the chat with Bob is up", () -> tabTitles().contains("Bob · direct"));
            WaitForAsyncUtils.waitForFxEvents();
            write(" there").type(KeyCode.ENTER);
            cleo.await(ClientEvent.MessageReceived.class, m -> m.text().equals("hello there"));
            assertTrue(fx(() -> chatTab("Cleo").isSelected()), "Cleo's chat stayed in front");
            assertSame(cleoInput, fx(() -> cleoInput.getScene().getFocusOwner()), "the keyboard stayed with Cleo");
            assertEquals(0, bob.events.count(ClientEvent.MessageReceived.class), "nothing went to Bob");
        }
    }
}
