package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;

/**
 * A right-to-left name inside an English sentence must not turn the sentence around ("wants to chat
 * with you سارة"): every sentence carries a name isolated (a left-to-right mark on each side, which
 * JavaFX draws as nothing, unlike FSI and PDI), and direction controls inside a name cannot break out.
 */
class RightToLeftNameTest extends AppTestBase {
    private static final String SARA = "سارة";

    @Test
    void namesAreIsolatedInEverySentenceThatCarriesThem() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        assertTrue(text("#serverStatus").endsWith(" · room " + isolated("lobby")), text("#serverStatus"));
        try (TestPeer sara = TestPeer.join(server.port(), SARA);
             TestPeer mallory = TestPeer.join(server.port(), "Mal\u2069\u202Eory")) {
            String annKey = requestFrom(sara, SARA);
            assertEquals(isolated(SARA) + " wants to chat with you", text("#requestTitle"));

            clickOn("#acceptButton");
            sara.await(ClientEvent.Connected.class, c -> c.peer().equals(annKey));
            waitUntil("the chat is up", () -> tabTitles().contains(SARA + " · direct"));
            assertEquals(isolated(SARA) + " · direct", fx(() -> chatTab(SARA).getText()));
            sara.core.send(annKey, "مرحبا");
            waitUntil("her message shows under her isolated name", () -> fx(() -> from(chatTab(SARA).getContent())
                    .lookup(".message-meta").queryAllAs(javafx.scene.control.Label.class).stream()
                    .anyMatch(meta -> meta.getText().startsWith(isolated(SARA) + " · "))));

            // A name with a PDI and an RLO inside is shown isolated, without them.
            mallory.core.connect(annKey);
            waitUntil("the card shows Mallory, defused", () -> isShowing("#requestCard") && text("#requestTitle")
                    .equals(isolated("Malory") + " wants to chat with you"));
        }
    }
}
