package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import punchline.client.net.ClientEvent;

/** The operator's notices, the status bar, and a clean goodbye when the app closes. */
class NoticeAndShutdownTest extends AppTestBase {

    @Test
    void theStatusBarShowsOwnKeyAndEndpointAndServerNoticesAppear() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        String ownKey = text("#ownKey");
        assertTrue(ownKey.matches("[0-9a-z]{6}"), ownKey);
        assertTrue(text("#publicEndpoint").startsWith("Seen at 127.0.0.1:"), text("#publicEndpoint"));

        server.say("The server restarts at noon");
        waitUntil("the broadcast shows", () -> isShowing("#noticeBar")
                && text("#noticeText").equals("The server restarts at noon"));
        assertEquals("Server notice", text("#noticeTitle"));

        server.tell(ownKey, "Hello Ann, welcome");
        waitUntil("the personal notice shows", () -> text("#noticeText").equals("Hello Ann, welcome")
                && text("#noticeTitle").equals("Server, to you"));

        clickOn("#dismissNotice");
        waitUntil("the banner is dismissed", () -> !isShowing("#noticeBar"));
    }

    @Test
    void closingTheAppEndsEveryChatAndLeavesTheServer() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob");
             TestPeer cleo = TestPeer.join(server.port(), "Cleo")) {
            String annKey = bob.keyOf("Ann");
            for (TestPeer peer : new TestPeer[] {bob, cleo}) {
                peer.core.connect(annKey);
                waitUntil("a request dialog shows", () -> isShowing("#acceptButton"));
                clickOn("#acceptButton");
                peer.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            }
            waitUntil("two chats at once", () -> tabTitles().containsAll(java.util.List.of("Bob · direct",
                    "Cleo · direct")));

            FxToolkit.cleanupApplication(app); // what closing the window does: Application.stop()
            app.shutdownComplete().get(15, TimeUnit.SECONDS);
            app = null;

            bob.await(ClientEvent.PeerLeft.class, left -> left.peer().equals(annKey));
            cleo.await(ClientEvent.PeerLeft.class, left -> left.peer().equals(annKey));
            bob.await(ClientEvent.UserLeft.class, left -> left.key().equals(annKey));
            assertTrue(server.users().stream().noneMatch(user -> user.name().equals("Ann")), "Ann left the server");
        }
    }
}
