package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;
import punchline.protocol.ServerMessage.EndReason;

/** Requests that end without a chat: rejected either way, cancelled, withdrawn. */
class RequestAnswerTest extends AppTestBase {

    @Test
    void rejectingOnTheCardTellsThePeerAndOpensNoChat() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            String annKey = requestFrom(bob, "Bob");

            clickOn("#rejectButton");
            ClientEvent.RequestEnded ended = bob.await(ClientEvent.RequestEnded.class, e -> e.to().equals(annKey));
            assertEquals(EndReason.REJECTED, ended.reason());
            // The core ends our own rejection locally (RequestCancelled, REJECTED): the row resets from that.
            waitUntil("Bob is idle again", () -> userState("Bob").equals(Optional.of("idle")));
            assertFalse(isShowing("#requestCard"), "the card went with the answered request");
            assertFalse(isShowing("#noticeBar"), "no banner for what the user just did");
            assertEquals(List.of(), tabTitles(), "no chat was opened");
        }
    }

    @Test
    void aPeerRejectingOurRequestIsShownInWords() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            ClientEvent.RequestReceived request = requestTo(bob, "Bob");

            bob.core.reject(request.from());
            waitUntil("the banner says Bob said no", () -> isShowing("#noticeBar")
                    && text("#noticeText").equals(isolated("Bob") + " turned your request down."));
            waitUntil("Bob is idle again", () -> userState("Bob").equals(Optional.of("idle")));
            assertEquals("Connect", text("#connectButton"));
        }
    }

    @Test
    void cancellingOurRequestWithdrawsItAtThePeer() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            ClientEvent.RequestReceived request = requestTo(bob, "Bob");
            waitUntil("the Cancel button shows", () -> isShowing("#cancelButton"));

            clickOn("#cancelButton");
            ClientEvent.RequestCancelled cancelled = bob.await(ClientEvent.RequestCancelled.class,
                    c -> c.from().equals(request.from()));
            assertEquals(EndReason.CANCELLED, cancelled.reason());
            waitUntil("Bob is idle and Cancel is gone", () -> userState("Bob").equals(Optional.of("idle"))
                    && !isShowing("#cancelButton"));
        }
    }

    @Test
    void aRequestWithdrawnByThePeerLeavesTheCard() throws Exception {
        startAppAs("Ann");
        waitUntilOnline();
        try (TestPeer bob = TestPeer.join(server.port(), "Bob")) {
            String annKey = requestFrom(bob, "Bob");

            bob.core.cancel(annKey);
            waitUntil("the card went and the banner explains", () -> !isShowing("#requestCard")
                    && text("#noticeText").equals(isolated("Bob") + " withdrew the request."));
            assertEquals(Optional.of("idle"), userState("Bob"));
        }
    }
}
