package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.input.MouseButton;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;
import punchline.client.net.Identity;
import punchline.client.store.Direction;
import punchline.client.store.LocalStore;
import punchline.protocol.UserId;

/**
 * Contacts in the people list (online ones at the top, matched by ID; offline ones greyed below) and
 * their history in the chat, also when they are offline: read from the store the app keeps in its
 * config folder, paged back on scroll, and forgotten on the user's word.
 */
class ContactsAndHistoryTest extends AppTestBase {
    private static final PseudoClass AWAY = PseudoClass.getPseudoClass("away");

    @Test
    void anOnlineContactIsAtTheTopAndAnOfflineOneGreyedWithItsHistoryReadable() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            String bobId = bob.core.id();
            try (TestPeer cleo = TestPeer.join(server.port(), "Cleo")) {
                String annKey = chatFrom(cleo, "Cleo");
                cleo.core.send(annKey, "see you tomorrow");
                waitUntil("Cleo's message shows", () -> messageRows("Cleo").stream()
                        .anyMatch(row -> row.startsWith("see you tomorrow | Cleo · ")));
                clickOn(inChat("Cleo", "#messageInput")).write("bye Cleo").type(KeyCode.ENTER);
                waitUntil("Ann's reply is delivered", () -> messageRows("Cleo"), rows -> rows.stream()
                        .anyMatch(row -> row.startsWith("bye Cleo | Ann · ") && row.endsWith(" · delivered")));
                chatFrom(bob, "Bob");
            }
            // A stranger who joins under Bob's name, with an ID of their own.
            try (TestPeer otherBob = TestPeer.join(server.port(), "Bob")) {
                restartApp(); // Ann quits and comes back: Cleo has left meanwhile
                waitUntilOnline();
                waitUntil("Bob, Cleo and the other Bob are listed", () -> peopleRows().size() == 3);
                List<String> rows = peopleRows();
                assertEquals(List.of("Bob | idle", "Bob | idle", "Cleo | offline"), rows,
                        "the contact online first, then the stranger, then the offline contact");
                // The two Bobs are told apart by their IDs; the stranger is said not to be the contact.
                assertEquals("ID " + UserId.shortForm(bobId) + " · " + bob.core.key(), keyLabelOfRow(0));
                assertEquals("ID " + UserId.shortForm(otherBob.core.id()) + " · " + otherBob.core.key(), keyLabelOfRow(1));
                assertEquals("not your contact", fx(() -> ((javafx.scene.control.Labeled) from(rowCell(1))
                        .lookup(".user-warning").query()).getText()));
                assertTrue(fx(() -> from(rowCell(1)).lookup(".user-warning").query().isVisible()));
                assertFalse(fx(() -> from(rowCell(0)).lookup(".user-warning").query().isVisible()));
                assertTrue(fx(() -> rowCell(2).getPseudoClassStates().contains(AWAY)), "Cleo is greyed");
                assertFalse(fx(() -> rowCell(0).getPseudoClassStates().contains(AWAY)), "Bob is not");

                doubleClickOn(userRow("Cleo"));
                waitUntil("Cleo's chat opens, offline", () -> tabTitles().contains("Cleo · offline"));
                waitUntil("her history shows", () -> messageRows("Cleo").size() == 2);
                List<String> history = messageRows("Cleo");
                assertTrue(history.get(0).startsWith("see you tomorrow | Cleo · "), history.toString());
                assertTrue(history.get(1).startsWith("bye Cleo | Ann · ") && history.get(1).endsWith(" · delivered"),
                        history.toString());
                assertEquals(isolated("Cleo") + " is offline. Your history with them is below; you can write once"
                        + " they are back.", chatText("Cleo", "#chatStatus"));
                assertTrue(fx(() -> inChat("Cleo", "#messageInput").isDisabled()), "nothing can be sent");

                doubleClickOn(userRow("Bob")); // the contact, online: connects as before
                bob.await(ClientEvent.RequestReceived.class, r -> r.name().equals("Ann") && r.known());
            }
        }
    }

    @Test
    void scrollingToTheTopPagesBackThroughTheHistory() throws Exception {
        storeContactWithMessages("Dora", 120);
        startAppAs("Ann");
        waitUntilOnline();
        waitUntil("Dora is listed, offline", () -> peopleRows().equals(List.of("Dora | offline")));
        doubleClickOn(userRow("Dora"));
        waitUntil("the latest page shows", () -> messageCount("Dora") == 50);
        Tab chat = chatTab("Dora");
        try {
            waitUntil("the newest message shows", () -> messageRowsIn(chat).stream()
                    .anyMatch(row -> row.startsWith("message 119 | ")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + messageCount("Dora") + " " + messageRowsIn(chat), e);
        }
        assertTrue(messageRowsIn(chat).stream().anyMatch(row -> row.startsWith("message 119 | Ann · ")
                && row.endsWith(" · not confirmed")), "ours, never acknowledged: " + messageRowsIn(chat));

        // The user drags the scroll bar to the top, as often as there are older messages.
        for (int pages = 1; pages <= 2; pages++) {
            int before = messageCount("Dora");
            drag(scrollThumb(chat), MouseButton.PRIMARY).moveBy(0, -2_000).drop();
            waitUntil("page " + pages + " back came in above", () -> messageCount("Dora") > before);
            assertTrue(messageRowsIn(chat).stream().noneMatch(row -> row.startsWith("message 0 | ")),
                    "the reader stays where they were, not at the new top");
        }
        assertEquals(120, messageCount("Dora"), "every message, in pages of 50");
        drag(scrollThumb(chat), MouseButton.PRIMARY).moveBy(0, -2_000).drop();
        waitUntil("the first message shows", () -> messageRowsIn(chat).stream()
                .anyMatch(row -> row.startsWith("message 0 | Dora · ")));
    }

    @Test
    void forgettingAContactDeletesTheirHistoryAfterAsking() throws Exception {
        storeContactWithMessages("Dora", 3);
        startAppAs("Ann");
        waitUntilOnline();
        waitUntil("Dora is listed", () -> peopleRows().equals(List.of("Dora | offline")));
        doubleClickOn(userRow("Dora"));
        waitUntil("her history shows", () -> messageCount("Dora") == 3);

        rightClickOn(userRow("Dora"));
        waitUntil("the row's menu shows", () -> lookup("Forget this contact…").tryQuery().isPresent());
        clickOn("Forget this contact…");
        waitUntil("Punchline asks first", () -> isShowing("#forgetDialog"));
        clickOn("#confirmForgetButton");
        waitUntil("Dora is gone from the list", () -> peopleRows().isEmpty());
        waitUntil("her chat closed", () -> tabTitles().isEmpty());

        restartApp();
        waitUntilOnline();
        assertEquals(List.of(), peopleRows(), "still forgotten after a restart");
    }

    /** A contact who is offline, with {@code count} messages (every third one ours), as an earlier run left them. */
    private String storeContactWithMessages(String name, int count) throws Exception {
        Identity theirs = Identity.generate();
        Instant start = Instant.now().minusSeconds(3_600);
        try (LocalStore store = LocalStore.open(configDir)) {
            store.contacts().upsertSeen(theirs.id(), name, theirs.fingerprint(), start);
            for (int i = 0; i < count; i++) {
                Instant at = start.plusSeconds(i);
                store.history().append(theirs.id(), i % 3 == 2 ? Direction.OUT : Direction.IN, i, "message " + i, at, at);
            }
        }
        return theirs.id();
    }

    private int messageCount(String peerName) {
        if (tabTitles().stream().noneMatch(title -> title.startsWith(peerName + " ·"))) {
            return -1;
        }
        return fx(() -> ((ListView<?>) from(chatTab(peerName).getContent()).lookup("#messageList").query())
                .getItems().size());
    }

    /** The thumb of the message list's vertical scroll bar. */
    private javafx.scene.Node scrollThumb(Tab chat) {
        return fx(() -> from(nodeIn(chat, "#messageList")).lookup(".scroll-bar").queryAll().stream()
                .filter(bar -> ((javafx.scene.control.ScrollBar) bar).getOrientation() == javafx.geometry.Orientation.VERTICAL)
                .map(bar -> (javafx.scene.Node) from(bar).lookup(".thumb").query()).findFirst().orElseThrow());
    }

    private javafx.scene.control.ListCell<?> rowCell(int index) {
        return lookup(".user-cell").queryAll().stream().filter(AppTestBase::shown)
                .map(node -> (javafx.scene.control.ListCell<?>) node).filter(cell -> cell.getIndex() == index)
                .findFirst().orElseThrow();
    }

    private String keyLabelOfRow(int index) {
        return fx(() -> ((javafx.scene.control.Labeled) from(rowCell(index)).lookup(".user-key").query()).getText());
    }
}
