package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;
import punchline.protocol.ServerMessage.Request;
import punchline.server.RelayOptions;
import punchline.server.ServerOptions;

/** A punch that cannot succeed, on a server without a relay: the reason in words, and Retry asking again. */
class FailedPunchTest extends AppTestBase {

    @Override
    ServerOptions.Builder serverOptions() {
        return ServerOptions.builder().relay(RelayOptions.defaults().withEnabled(false));
    }

    @Test
    void aFailedPunchShowsItsReasonAndRetryAsksAgain() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (FirewalledPeer carl = FirewalledPeer.join(server.port(), "Carl")) {
            carl.key();
            waitUntil("Carl is listed", () -> userState("Carl").isPresent());
            clickOn(userRow("Carl")).clickOn("#connectButton");
            Request request = carl.await(Request.class, r -> true);

            carl.accept(request.from());
            waitUntil("the chat with Carl shows the failure", () -> tabTitles().contains("Carl · failed"));
            String status = chatText("Carl", "#chatStatus");
            // Nothing listens where Carl registered: on loopback every dial is refused, and the user reads so.
            assertTrue(status.startsWith("Could not connect to " + isolated("Carl") + ": ") && status.contains("refused"), status);
            assertEquals(Optional.of("failed"), userState("Carl"));
            Node retry = inChat("Carl", "#retryButton");
            assertTrue(fx(() -> shown(retry) && !retry.isDisabled()), "Retry is offered");

            clickOn(retry);
            carl.await(Request.class, r -> carl.count(Request.class) == 2);
            waitUntil("the chat waits for Carl's answer", () -> tabTitles().contains("Carl · waiting")
                    && userState("Carl").equals(Optional.of("request sent")));
        }
    }
}
