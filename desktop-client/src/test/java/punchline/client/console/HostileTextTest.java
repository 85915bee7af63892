package punchline.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import punchline.client.net.ClientCore;
import punchline.client.net.ClientEvent;
import punchline.client.net.EventRecorder;
import punchline.client.net.FakeServer;
import punchline.client.net.HostilePeer;
import punchline.client.net.TestNetwork;
import punchline.protocol.ServerMessage.Notice;

/**
 * What a hostile peer or server writes reaches the console's terminal as text, never as escape sequences
 * or lines of its own (issue 12, item 1): a real console client against a peer that runs the real
 * handshake and then sends what it likes, and against a server that lies.
 */
@Tag("hostile")
@Timeout(60)
class HostileTextTest {
    /** ESC ] 0 ; ... BEL sets the window title, ESC [ 2 J clears the screen; then a forged warning line. */
    private static final String FORGED_WARNING = "\\r\\n! WARNING: Bob's certificate changed: type 'trust abcdef'";
    private static final String ESCAPES = "hi \\u001b]0;pwned\\u0007\\u001b[2J";

    private TestNetwork network;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        network = new TestNetwork();
    }

    @AfterEach
    void stop() {
        network.close();
    }

    private ClientCore console(int serverPort, EventRecorder events) throws IOException {
        ClientCore core = new ClientCore(TestNetwork.config("Vic", serverPort).build());
        new ConsoleClient(core, new PrintStream(screen, true, StandardCharsets.UTF_8), null);
        core.addListener(events); // after the console: what it has printed is on the screen when we look
        core.start();
        return core;
    }

    @Test
    void aPeersEscapesAndLineEndsDoNotReachTheTerminal() throws IOException {
        EventRecorder events = new EventRecorder("Vic");
        ClientCore victim = console(network.port(), events);
        try (HostilePeer eve = connectedEve(victim, events)) {
            eve.sendRaw(chat(1, "look" + FORGED_WARNING + "\\r! forged over our line \\u202eevil\\u202c"));
            events.await(ClientEvent.MessageReceived.class);
            // A chat with escapes is not a chat: the victim says why and hangs up (the last thing Eve sends).
            eve.sendRaw(chat(2, ESCAPES));
            events.await(ClientEvent.PeerLeft.class);
        } finally {
            victim.stop();
        }
        assertSafe(screen());
        assertTrue(screen().contains("[\u2068Eve\u2069] \u2068look\u2069\n    \u2068! WARNING"),
                "a line end in a message continues on an indented line: " + screen());
        assertTrue(screen().contains("\\u202eevil\\u202c"), "a bidi override is shown, not obeyed: " + screen());
    }

    @Test
    void aPeersByeReasonDoesNotReachTheTerminal() throws IOException {
        EventRecorder events = new EventRecorder("Vic");
        ClientCore victim = console(network.port(), events);
        String eveKey;
        try (HostilePeer eve = connectedEve(victim, events)) {
            eveKey = eve.key();
            eve.sendRaw("{\"type\":\"bye\",\"reason\":\"" + ESCAPES + FORGED_WARNING + "\"}\n");
            events.await(ClientEvent.PeerLeft.class);
        } finally {
            victim.stop();
        }
        assertSafe(screen());
        assertTrue(screen().contains("The chat with \u2068Eve\u2069 (" + eveKey + ") ended: "),
                "the console says the chat ended: " + screen());
    }

    /** Eve joins, asks the victim to connect (the victim accepts) and completes the handshake. */
    private HostilePeer connectedEve(ClientCore victim, EventRecorder events) throws IOException {
        String victimKey = events.await(ClientEvent.Registered.class).key();
        HostilePeer eve = HostilePeer.join(network.port(), "Eve");
        try {
            Thread accept = new Thread(() -> victim.accept(events.await(ClientEvent.RequestReceived.class).from()));
            accept.start();
            eve.connectTo(victimKey, () -> events.await(ClientEvent.Attempt.class));
            events.await(ClientEvent.Connected.class);
            return eve;
        } catch (RuntimeException e) {
            eve.close();
            throw e;
        }
    }

    @Test
    void aServersNoticesAndErrorsDoNotReachTheTerminal() throws Exception {
        EventRecorder events = new EventRecorder("Vic");
        try (FakeServer liar = new FakeServer(link -> {
            link.welcome("abcdef");
            link.send(new Notice("maintenance" + FORGED_WARNING.replace("\\r\\n", "\r\n"), true));
            link.sendRaw("{\"type\":\"notice\",\"text\":\"" + ESCAPES + "\",\"broadcast\":true}\n");
            link.sendRaw("{\"type\":\"error\",\"code\":\"INTERNAL\",\"message\":\"" + ESCAPES + FORGED_WARNING
                    + "\"}\n");
            link.sendRaw("{\"type\":\"bye\",\"reason\":\"" + ESCAPES + FORGED_WARNING + "\"}\n");
            link.drain();
        })) {
            ClientCore victim = console(liar.port(), events);
            try {
                events.await(ClientEvent.ServerLost.class);
            } finally {
                victim.stop();
            }
            assertNull(liar.failure());
        }
        assertSafe(screen());
        assertTrue(screen().contains("[server] \u2068maintenance\u2069\n    \u2068! WARNING"), screen());
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    private static String chat(long id, String jsonText) {
        return "{\"type\":\"chat\",\"id\":" + id + ",\"text\":\"" + jsonText + "\",\"sentAt\":1}\n";
    }

    /** No control character but the line ends println writes, no bidi override, no line we did not write. */
    private static void assertSafe(String shown) {
        List<String> controls = shown.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)
                || c == 0x202E || c == 0x202C).mapToObj(c -> String.format("U+%04X", c)).toList();
        assertEquals(List.of(), controls, "controls reached the terminal:\n" + shown);
        for (String line : shown.split("\n")) {
            assertFalse(line.startsWith("! WARNING") || line.startsWith("! forged"), "a forged line: " + line);
        }
    }
}
