package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.TestNetwork.Peer;

/**
 * A peer that floods: whatever frame type it sends without end, the victim cuts it off, writes a bounded
 * number of log lines about it, and chats on with a real friend meanwhile (issue 12, item 2).
 */
@Tag("hostile")
@Timeout(90)
class HostilePeerFloodTest {
    private static final int FLOOD = 5_000;
    /** A log line an error frame would forge if it were logged raw. */
    private static final String FORGED = "\\n2026-11-29 12:00:00 SEVERE  forged: the server was compromised";

    private TestNetwork network;
    private Peer victim;
    private Peer friend;

    @BeforeEach
    void start() throws IOException {
        network = new TestNetwork();
        victim = network.join("Vic");
        friend = network.join("Fay");
        ClientCoreLoopbackTest.connect(friend, victim);
    }

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void aFloodOfErrorFramesCostsAFewLogLines() throws Exception {
        try (LogRecords log = new LogRecords(); HostilePeer eve = chatWithVictim("Eve")) {
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < FLOOD; i++) {
                flood.append("{\"type\":\"error\",\"code\":\"RATE_LIMITED\",\"message\":\"slow down").append(FORGED)
                        .append("\"}\n");
            }
            eve.flood(flood.toString());
            eve.victimClosed().get(20, TimeUnit.SECONDS);
            stillChats();
            assertTrue(log.count("reported RATE_LIMITED") <= 1, "error frames logged: " + log.messages().size());
            assertTrue(log.messages().size() <= 5, "log lines for a flood of " + FLOOD + ": " + log.messages());
        }
    }

    @Test
    void aFloodOfAnyFrameTypeIsCutOff() throws Exception {
        List<IntFunction<String>> frames = List.of(
                i -> "{\"type\":\"ping\",\"nonce\":" + i + "}",
                i -> "{\"type\":\"pong\",\"nonce\":" + i + "}",
                i -> "{\"type\":\"ack\",\"id\":" + (i + 1) + "}",
                i -> "{\"type\":\"chat\",\"id\":" + (i + 1) + ",\"text\":\"spam\",\"sentAt\":1}",
                i -> "{\"type\":\"upgrade\",\"startInMillis\":0}",
                i -> "{\"type\":\"error\",\"code\":\"INTERNAL\",\"message\":\"x\"}",
                i -> "{\"type\":\"chosen\"}",
                i -> "{\"type\":\"peer-proof\",\"proof\":\"x\"}");
        try (LogRecords log = new LogRecords()) {
            for (IntFunction<String> frame : frames) {
                try (HostilePeer eve = chatWithVictim("Eve")) {
                    StringBuilder flood = new StringBuilder();
                    for (int i = 0; i < FLOOD; i++) {
                        flood.append(frame.apply(i)).append('\n');
                    }
                    eve.flood(flood.toString());
                    eve.victimClosed().get(20, TimeUnit.SECONDS);
                    assertTrue(victim.events().await(ClientEvent.PeerLeft.class, left -> left.peer().equals(eve.key()))
                            .reason().contains("too much too fast"), frame.apply(1));
                }
                stillChats();
            }
            assertTrue(log.messages().size() <= 2 * frames.size(), "log lines: " + log.messages());
        }
    }

    /** A hostile peer the victim has accepted and is chatting with. */
    private HostilePeer chatWithVictim(String name) {
        HostilePeer eve = HostilePeer.join(network.port(), name);
        Thread accept = new Thread(() -> victim.core().accept(victim.events().await(ClientEvent.RequestReceived.class,
                request -> request.from().equals(eve.key())).from()));
        accept.start();
        eve.connectTo(victim.key(), () -> victim.events().await(ClientEvent.Attempt.class,
                attempt -> attempt.peer().equals(eve.key())));
        victim.events().await(ClientEvent.Connected.class, connected -> connected.peer().equals(eve.key()));
        return eve;
    }

    private int round;

    /** The victim's chat with a real friend goes on both ways. */
    private void stillChats() throws Exception {
        String ping = "still here " + ++round;
        String pong = "me too " + round;
        victim.core().send(friend.key(), ping).get(5, TimeUnit.SECONDS);
        friend.core().send(victim.key(), pong).get(5, TimeUnit.SECONDS);
        friend.events().await(ClientEvent.MessageReceived.class, m -> m.text().equals(ping));
        victim.events().await(ClientEvent.MessageReceived.class, m -> m.text().equals(pong));
    }
}
