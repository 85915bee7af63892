package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;
import punchline.client.net.Identity;

/** No dead ends and no garbled wording: what the issue found on a first start and in ended chats. */
class DeadEndsAndWordingTest extends AppTestBase {

    @Test
    void aBusyPortOnTheFirstStartOpensTheWelcomeAndNotNowLeavesAWayForward() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) { // every address, as the embedded server wants it
            defaultHostPort = taken.getLocalPort();
            startApp(); // a first start: no settings, so it hosts on the busy port

            waitUntil("the welcome explains the busy port", () -> isShowing("#setupProblem")
                    && text("#setupProblem").startsWith("Port " + defaultHostPort + " is already in use"));
            assertEquals("Welcome to Punchline", fx(() -> lookup("#setupDialog").queryAs(DialogPane.class)
                    .getHeaderText()), "a newcomer gets the welcome, not the settings");

            clickOn("#dismissSettingsButton"); // "Not now"
            waitUntil("the welcome closed", () -> !isShowing("#setupDialog"));
            waitUntil("the people list offers a way forward", () -> isShowing("#retryStartButton")
                    && isShowing("#openSettingsButton"));
            assertEquals("Not connected to a server.\nThe status bar below says why.", text("#roomPlaceholder"));
            assertFalse(isShowing("#setupDialog"), "Not now did not start the same failure again");

            clickOn("#openSettingsButton");
            waitUntil("the settings open", () -> isShowing("#setupDialog"));
            clickOn("#remoteServerOption");
            clickOn("#serverField").write("127.0.0.1:" + server.port());
            clickOn("#applySettingsButton");
            waitUntilOnline();
            assertFalse(isShowing("#retryStartButton"));
        }
    }

    @Test
    void tryAgainStartsOnceThePortIsFree() throws Exception {
        ServerSocket taken = new ServerSocket(0);
        defaultHostPort = taken.getLocalPort();
        startApp();
        waitUntil("the welcome explains the busy port", () -> isShowing("#setupProblem"));
        clickOn("#dismissSettingsButton");
        waitUntil("Try again is offered", () -> isShowing("#retryStartButton"));
        taken.close(); // whatever held the port has gone
        clickOn("#retryStartButton");
        waitUntilOnline();
        assertTrue(text("#hostingStatus").endsWith(":" + defaultHostPort)
                || text("#hostingStatus").equals("Hosting on port " + defaultHostPort), text("#hostingStatus"));
    }

    @Test
    void theSamePersonBackWithANewKeyContinuesTheEndedTabAndEndingsAreWorded() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        Identity bobsComputer = Identity.generate();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob", b -> b.identity(bobsComputer))) {
            String annKey = requestFrom(bob, "Bob");
            clickOn("#acceptButton");
            bob.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            waitUntil("the chat with Bob is up", () -> tabTitles().contains("Bob · direct"));
            bob.core.send(annKey, "see you after the restart");
            waitUntil("the message shows", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("see you after the restart | Bob · ")));
            bob.core.closeChat(annKey);
            waitUntil("the chat ended", () -> tabTitles().equals(List.of("Bob · ended")));
            assertEquals("The chat ended: " + isolated("Bob") + " closed the chat.", chatText("Bob", "#chatStatus"));
        }
        waitUntil("Bob has left (a contact now, listed offline)", () -> userState("Bob")
                .equals(java.util.Optional.of("offline")));

        // Bob's computer comes back (the same certificate) under a new key, and asks again.
        try (TestPeer bob = TestPeer.join(server.port(), "Bob", b -> b.identity(bobsComputer))) {
            String annKey = requestFrom(bob, "Bob");
            clickOn("#acceptButton");
            bob.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            waitUntil("one tab for Bob, live again", () -> tabTitles().equals(List.of("Bob · direct")));
            waitUntil("the earlier lines came along", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("see you after the restart | Bob · ")));
            bob.core.send(annKey, "back");
            waitUntil("the new message shows in the same tab", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("back | Bob · ")));
        }
    }
}
