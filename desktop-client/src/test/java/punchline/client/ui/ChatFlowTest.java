package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;

/** The happy paths: a request either way, accepted, then messages both ways. */
class ChatFlowTest extends AppTestBase {

    @Test
    void clickingAUserSendsARequestAndTheAcceptedChatCarriesMessagesBothWays() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            waitUntil("Bob is listed as idle", () -> userState("Bob").equals(Optional.of("idle")));

            doubleClickOn(userRow("Bob"));
            waitUntil("Bob shows 'request sent' and a Cancel button",
                    () -> userState("Bob").equals(Optional.of("request sent")) && isShowing("#cancelButton"));

            ClientEvent.RequestReceived request = bob.await(ClientEvent.RequestReceived.class,
                    r -> r.name().equals("Ann"));
            bob.core.accept(request.from());
            waitUntil("a chat tab for Bob says direct", () -> tabTitles().contains("Bob · direct"));
            assertEquals(Optional.of("connected direct"), userState("Bob"));
            assertTrue(chatText("Bob", "#chatStatus").startsWith("Connected directly to 127.0.0.1:"),
                    chatText("Bob", "#chatStatus"));

            clickOn(inChat("Bob", "#messageInput")).write("hello bob").type(KeyCode.ENTER);
            bob.await(ClientEvent.MessageReceived.class, m -> m.text().equals("hello bob"));
            waitUntil("Ann's message shows as delivered", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("hello bob | Ann · ") && row.endsWith(" · delivered")));
            assertEquals("", fx(() -> lookupInput("Bob")), "the input is cleared after sending");

            bob.core.send(request.from(), "hi Ann, Bob here");
            waitUntil("Bob's message appears in Ann's pane", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("hi Ann, Bob here | Bob · ")));
        }
    }

    @Test
    void aRequestFromAPeerIsAcceptedOnTheCardAndItsMessageAppears() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            String annKey = requestFrom(bob, "Bob");
            assertEquals(Optional.of("request received"), userState("Bob"));
            assertFalse(isShowing("#requestDialog"), "no dialog opens by itself");

            clickOn("#acceptButton");
            bob.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            waitUntil("a chat tab for Bob says direct", () -> tabTitles().contains("Bob · direct"));
            assertFalse(isShowing("#requestCard"), "the card went with the answered request");
            waitUntil("the chat has the keyboard", () -> inChat("Bob", "#messageInput").isFocused());

            bob.core.send(annKey, "thanks for accepting");
            waitUntil("Bob's message appears in Ann's pane", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("thanks for accepting | Bob · ")));
        }
    }

    private String lookupInput(String peer) {
        return ((javafx.scene.control.TextField) inChat(peer, "#messageInput")).getText();
    }
}
