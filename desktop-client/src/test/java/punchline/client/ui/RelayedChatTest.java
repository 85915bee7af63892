package punchline.client.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;
import punchline.client.net.Identity;
import punchline.protocol.NatType;
import punchline.protocol.ServerMessage.Request;

/**
 * Chats through the server's relay, as the user sees them. Both "computers" are on this one, at their own
 * loopback addresses (127.0.0.2 and 127.0.0.3), so the server sees two public addresses and their NAT
 * types decide; both say they are symmetric, which cannot be punched.
 */
class RelayedChatTest extends AppTestBase {

    @Test
    void aSymmetricPairChatsThroughTheRelayAndTheTabStatusAndListSaySo() throws Exception {
        commandLine = List.of("--bind", "127.0.0.2", "--nat", "symmetric");
        startAppAs("Ann");
        waitUntilOnline();
        waitUntil("the status bar shows our NAT in words",
                () -> text("#natStatus").equals("Your NAT: strict (symmetric) — chats may be relayed"));

        try (TestPeer bob = TestPeer.join(server.port(), "Bob", b -> b.localAddress(address("127.0.0.3"))
                .natOverride(NatType.SYMMETRIC))) {
            ClientEvent.RequestReceived request = requestTo(bob, "Bob");
            bob.core.accept(request.from());

            waitUntil("the tab says relayed", () -> tabTitles().contains("Bob · relayed"));
            assertEquals(Optional.of("relayed"), userState("Bob"));
            String status = chatText("Bob", "#chatStatus");
            assertTrue(status.startsWith("Relayed through 127.0.0.1:" + server.port() + " "), status);
            assertTrue(tooltipOf(userRow("Bob")).contains("Why relayed: both your router and Bob's change ports"),
                    tooltipOf(userRow("Bob")));

            // Still end-to-end encrypted, pinned to Bob's certificate: said, with the fingerprint on hover.
            Tab tab = chatTab("Bob");
            assertTrue(isShowingIn(tab, "#chatSecurity"));
            assertEquals("encrypted · pinned", textIn(tab, "#chatSecurity"));
            String bobFingerprint = bob.core.fingerprint();
            assertTrue(tooltipOf(nodeIn(tab, "#chatSecurity")).contains(Identity.shortForm(bobFingerprint)));

            clickOn(nodeIn(tab, "#whyRelayedLink"));
            waitUntil("the details say why", () -> isShowingIn(tab, "#chatDetails"));
            assertTrue(textIn(tab, "#detailWhyRelayed").startsWith("both your router and Bob's change ports"
                    + " for every destination (symmetric NAT)"), textIn(tab, "#detailWhyRelayed"));
            assertEquals(Identity.readable(bobFingerprint), textIn(tab, "#peerFingerprint"));

            clickOn(nodeIn(tab, "#messageInput")).write("through the relay").type(KeyCode.ENTER);
            bob.await(ClientEvent.MessageReceived.class, m -> m.text().equals("through the relay"));
            waitUntil("Ann's message shows as delivered", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("through the relay | Ann · ") && row.endsWith(" · delivered")));
            bob.core.send(request.from(), "and back");
            waitUntil("Bob's message appears", () -> messageRows("Bob").stream()
                    .anyMatch(row -> row.startsWith("and back | Bob · ")));
            assertEquals(ClientEvent.Route.RELAY, bob.await(ClientEvent.Connected.class, c -> true).route());
        }
    }

    @Test
    void whileTheRelayWaitsForThePeerEverySurfaceSaysConnectingThroughTheRelay() throws Exception {
        commandLine = List.of("--bind", "127.0.0.2", "--nat", "symmetric");
        startAppAs("Ann");
        waitUntilOnline();
        // Carl accepts but never comes to the relay: Ann's side waits there.
        try (FirewalledPeer carl = FirewalledPeer.join(server.port(), "Carl")) {
            carl.key();
            waitUntil("Carl is listed", () -> userState("Carl").isPresent());
            clickOn(userRow("Carl")).clickOn("#connectButton");
            carl.accept(carl.await(Request.class, r -> true).from());

            waitUntil("the tab says relaying", () -> tabTitles().contains("Carl · relaying…"));
            assertEquals(Optional.of("relaying…"), userState("Carl"));
            String status = chatText("Carl", "#chatStatus");
            assertTrue(status.startsWith("Connecting through the relay: no direct path to " + isolated("Carl") + " (your router changes"
                    + " ports for every destination"), status);

            clickOn(userRow("Carl"));
            waitUntil("Cancel is offered while relaying", () -> isShowing("#cancelButton"));
            clickOn("#cancelButton");
            waitUntil("the attempt ended", () -> tabTitles().contains("Carl · failed")
                    && userState("Carl").equals(Optional.of("failed")));
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
