package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Optional;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;
import punchline.client.net.Identity;

/**
 * Someone called Bob comes back with another certificate (a new computer, or someone in the middle):
 * the chat, the user list and the banner say so, and the chat's warning stays.
 */
class FingerprintChangeTest extends AppTestBase {

    @Test
    void aKnownNameWithANewCertificateIsWarnedAboutInTheChatAndTheList() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        String firstFingerprint;
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            firstFingerprint = bob.core.fingerprint();
            String annKey = requestFrom(bob, "Bob");
            clickOn("#acceptButton");
            bob.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            waitUntil("the first chat with Bob is up", () -> tabTitles().contains("Bob · direct"));
            javafx.scene.Node firstWarning = nodeIn(chatTab("Bob"), "#fingerprintWarning");
            assertFalse(fx(() -> shown(firstWarning)), "first meeting: nothing to warn about");
        }
        waitUntil("the first Bob has left: a contact now, offline", () -> userState("Bob")
                .equals(Optional.of("offline")));
        // The app keeps the people it met, by ID, in its own config folder (here the test's).
        assertTrue(Files.exists(configDir.resolve(punchline.client.store.LocalStore.FILE_NAME)));

        try (TestPeer otherBob = TestPeer.join(server.port(), "Bob")) { // a fresh key pair
            String annKey = requestFrom(otherBob, "Bob");
            clickOn("#acceptButton");
            otherBob.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            String otherKey = otherBob.core.key();
            waitUntil("the new chat is up", () -> read(chatTabOf(otherKey).getText()).equals("Bob · direct"));
            Tab chat = chatTabOf(otherKey);

            waitUntil("the warning shows in the chat", () -> isShowingIn(chat, "#fingerprintWarning"));
            assertEquals("Not the " + isolated("Bob") + " you know: another ID under the same name",
                    textIn(chat, "#fingerprintWarningTitle"));
            String warning = textIn(chat, "#fingerprintWarning");
            assertTrue(warning.startsWith("Was " + Identity.shortForm(firstFingerprint) + "…\nNow "
                    + Identity.shortForm(otherBob.core.fingerprint()) + "…\n"), warning);
            assertTrue(warning.contains("or someone is in the middle"), warning);

            // A new ID under a contact's name is another person: the list says so, never "the contact changed".
            waitUntil("the list marks the new Bob", () -> fx(() -> from(rowOfKey(otherKey)).lookup(".user-warning")
                    .tryQuery().filter(AppTestBase::shown).map(label -> ((Labeled) label).getText()))
                    .equals(Optional.of("not your contact")));
            assertTrue(tooltipOf(rowOfKey(otherKey)).startsWith("Not your contact " + isolated("Bob") + ": this "
                    + isolated("Bob") + " has another ID"), tooltipOf(rowOfKey(otherKey)));
            assertEquals("Not your contact", text("#noticeTitle"));

            otherBob.core.send(annKey, "it's me, new laptop");
            waitUntil("the message arrives", () -> messageRowsIn(chat).stream()
                    .anyMatch(row -> row.startsWith("it's me, new laptop | Bob · ")));
            assertTrue(isShowingIn(chat, "#fingerprintWarning"), "the warning stays while the chat goes on");

            // Ann compares fingerprints with Bob by phone, then trusts the new certificate.
            clickOn(from(chat.getContent()).lookup("#trustCertificateButton").queryButton());
            waitUntil("the warning goes", () -> !isShowingIn(chat, "#fingerprintWarning"));
            waitUntil("the list no longer marks Bob", () -> fx(() -> from(rowOfKey(otherKey)).lookup(".user-warning")
                    .tryQuery().filter(AppTestBase::shown).isEmpty()));
            waitUntil("the chat says so", () -> fx(() -> from(chat.getContent())
                    .lookup((javafx.scene.Node node) -> node instanceof Labeled labeled && labeled.getText() != null
                            && labeled.getText().contains("You now trust " + isolated("Bob") + "'s certificate"))
                    .tryQuery().isPresent()));
        }
    }

    /** The row of the user whose key is {@code key} (two rows say Bob). */
    private javafx.scene.Node rowOfKey(String key) {
        return fx(() -> lookup(".user-cell").queryAll().stream().filter(AppTestBase::shown)
                .filter(cell -> from(cell).lookup(".user-key").tryQuery()
                        .map(label -> ((Labeled) label).getText().endsWith(" · " + key)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no row for key " + key)));
    }
}
