package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message is "delivered" only once the peer acknowledged it. A peer that freezes for a while (a laptop
 * lid, a stopped process) leaves it "not confirmed yet", never "not delivered"; when the peer runs again
 * and acknowledges it, it turns into "delivered". If the chat ends first, it stays "not confirmed".
 */
class LateAcknowledgementTest extends AppTestBase {
    @TempDir
    Path bobDir;

    @Test
    void aFrozenPeersLateAcknowledgementTurnsNotConfirmedIntoDelivered() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (ConsolePeer bob = ConsolePeer.join(server.port(), "Bob", bobDir)) {
            chatWith(bob);

            bob.freeze();
            clickOn(inChat("Bob", "#messageInput")).write("are you there?").type(KeyCode.ENTER);
            waitUntil("the message waits for Bob's acknowledgement", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("are you there? | Ann · ") && row.endsWith(" · not confirmed yet")));
            assertTrue(messageRows("Bob").stream().noneMatch(row -> row.contains("not delivered")));

            bob.thaw();
            // the console isolates the peer's name and text (FSI ... PDI), so neither can turn the line around
            bob.awaitLine(line -> line.equals("[\u2068Ann\u2069] \u2068are you there?\u2069"));
            waitUntil("the late acknowledgement shows it delivered", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("are you there? | Ann · ") && row.endsWith(" · delivered")));
        }
    }

    @Test
    void aMessageUnconfirmedWhenTheChatEndsSaysSoInWords() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (ConsolePeer bob = ConsolePeer.join(server.port(), "Bob", bobDir)) {
            chatWith(bob);

            bob.freeze();
            clickOn(inChat("Bob", "#messageInput")).write("still there?").type(KeyCode.ENTER);
            waitUntil("not confirmed yet", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.endsWith(" · not confirmed yet")));
            bob.kill(); // the frozen process ends without a word, the message unread: its connection is reset
            waitUntil("the chat ended", () -> tabTitles().contains("Bob · ended"));
            // The kill also ends Bob's link to the server: whether the room's news has come yet is a race.
            String broke = "The chat ended: the connection to " + isolated("Bob") + " broke.";
            String status = chatText("Bob", "#chatStatus");
            assertTrue(status.equals(broke) || status.equals(broke + " " + isolated("Bob") + " has left the room."),
                    "in words, without the exception's text: " + status);
            waitUntil("the message says it was not confirmed, and why", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("still there? | Ann · ")
                            && row.endsWith(" · not confirmed — the chat ended before Bob confirmed it")));
        }
    }

    /** Ann asks Bob from the list; Bob, on the console, accepts. */
    private void chatWith(ConsolePeer bob) throws Exception {
        waitUntil("Bob is listed", () -> userState("Bob").isPresent());
        clickOn(userRow("Bob")).clickOn("#connectButton");
        String request = bob.awaitLine(line -> line.contains(" wants to connect: type 'accept "));
        bob.command(request.substring(request.indexOf("'accept ") + 1, request.indexOf("' or")));
        waitUntil("the chat with Bob is up", () -> tabTitles().contains("Bob · direct"));
    }
}
