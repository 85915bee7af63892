package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        // A name with a PDI and an RLO inside never gets this far: the client refuses to use it (and the
        // server refuses it in a hello, NameSpoofingTest), so no sentence of Ann's can be turned around.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestPeer.join(server.port(), "Mal\u2069\u202Eory"));
        assertTrue(refused.getMessage().contains("invisible or control character"), refused.getMessage());
        try (TestPeer sara = TestPeer.join(server.port(), SARA)) {
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
        }
    }
}
