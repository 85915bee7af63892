package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;

/** Several requests at once wait in one queue, with a count: none is lost, each is answered on its own. */
class RequestQueueTest extends AppTestBase {

    @Test
    void twoRequestsQueueOnTheCardAndBothCanBeAccepted() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob");
             TestPeer dave = TestPeer.join(server.port(), "Dave")) {
            String annKey = requestFrom(bob, "Bob");
            waitUntil("Dave is listed", () -> userState("Dave").isPresent());
            dave.core.connect(annKey);
            waitUntil("the card counts two requests", () -> isShowing("#requestCount")
                    && text("#requestCount").equals("2"));
            assertEquals(isolated("Bob") + " wants to chat with you", text("#requestTitle"), "the oldest first");
            assertTrue(text("#requestDetail").contains("1 of 2 waiting"), text("#requestDetail"));
            assertFalse(isShowing("#requestDialog"), "no dialog opens by itself");

            clickOn("#nextRequestButton");
            waitUntil("the card shows Dave", () -> text("#requestTitle").equals(isolated("Dave")
                    + " wants to chat with you") && text("#requestDetail").contains("2 of 2 waiting"));
            clickOn("#acceptButton");
            dave.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            waitUntil("the chat with Dave is up", () -> tabTitles().contains("Dave · direct"));

            // Bob's request is still there, on its own now; the keyboard reaches it through the shortcut.
            waitUntil("the card shows Bob alone", () -> isShowing("#requestCard") && !isShowing("#requestCount")
                    && text("#requestTitle").equals(isolated("Bob") + " wants to chat with you"));
            assertEquals(Optional.of("request received"), userState("Bob"));
            press(KeyCode.CONTROL, KeyCode.R).release(KeyCode.R, KeyCode.CONTROL);
            waitUntil("the request dialog opens on the user's asking", () -> isShowing("#requestDialog"));
            type(KeyCode.ENTER); // Accept is the dialog's default button
            bob.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            waitUntil("the chat with Bob is up too", () -> tabTitles().contains("Bob · direct")
                    && tabTitles().contains("Dave · direct"));
            assertFalse(isShowing("#requestCard"), "no request left");
            assertFalse(isShowing("#requestDialog"));
        }
    }
}
