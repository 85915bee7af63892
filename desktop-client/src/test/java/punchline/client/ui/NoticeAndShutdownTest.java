package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import punchline.client.net.ClientEvent;
import punchline.client.net.Identity;

/** The operator's notices, the status bar and "About you", and a clean goodbye when the app closes. */
class NoticeAndShutdownTest extends AppTestBase {

    @Test
    void theStatusBarShowsOwnKeyNatAndFingerprintAndServerNoticesAppear() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        String ownKey = text("#ownKey");
        assertTrue(ownKey.matches("[0-9a-z]{6}"), ownKey);
        // On loopback the server's probe sees our own address: no NAT.
        waitUntil("the NAT shows in words", () -> text("#natStatus").equals("Your NAT: none (public address)"));
        assertTrue(tooltipOf(lookup("#natStatus").query()).contains("The server sees you at 127.0.0.1:"));

        // Our fingerprint: the identity the app keeps in its config folder, abbreviated, then in full.
        String fingerprint = Identity.loadOrCreate(configDir).fingerprint();
        assertEquals(fingerprint.substring(0, 4) + " " + fingerprint.substring(4, 8) + "…", text("#aboutYouButton"));
        clickOn("#aboutYouButton");
        waitUntil("About you shows", () -> isShowing("#aboutYouDialog"));
        assertEquals(Identity.readable(fingerprint), inputText("#ownFingerprint"));
        assertEquals(ownKey, text("#aboutKey"));
        assertEquals("Ann", text("#aboutName"));
        clickOn("#copyFingerprintButton");
        assertEquals(Identity.readable(fingerprint).replace('\n', ' '),
                fx(() -> Clipboard.getSystemClipboard().getString()));
        fx(() -> {
            lookup("#aboutYouDialog").queryAs(DialogPane.class).getScene().getWindow().hide();
            return null;
        });

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
                waitUntil("a request card shows", () -> isShowing("#acceptButton"));
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
