package punchline.client.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.Bidi;
import java.util.List;
import org.junit.jupiter.api.Test;
import punchline.client.net.ClientEvent;
import punchline.client.net.ClientEventSamples;

/** The console says something readable about every event but the ones it keeps quiet about on purpose. */
class EventPrinterTest {

    @Test
    void everyEventButOwnMessagesAndDeliveriesPrintsOneReadableLine() {
        for (ClientEvent event : ClientEventSamples.oneOfEach()) {
            List<String> lines = print(event);
            boolean quiet = event instanceof ClientEvent.MessageSent || event instanceof ClientEvent.MessageDelivered;
            assertEquals(quiet ? 0 : 1, lines.size(), event + " printed " + lines);
            lines.forEach(line -> assertFalse(line.contains(event.getClass().getSimpleName() + "["),
                    "a record's toString is not for people: " + line));
        }
    }

    @Test
    void namesLearnedFromEarlierEventsAppearInLaterLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EventPrinter printer = new EventPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        printer.onEvent(new ClientEvent.RequestReceived("ef34gh", "Bob"));
        printer.onEvent(new ClientEvent.PeerLeft("ef34gh", "they closed the chat"));
        // The name and the reason are isolated (FSI ... PDI): they cannot reorder the sentence around them.
        assertEquals("The chat with \u2068Bob\u2069 (ef34gh) ended: \u2068they closed the chat\u2069.",
                bytes.toString(StandardCharsets.UTF_8).lines().toList().get(1));
    }

    /**
     * A right-to-left name inside one of our sentences keeps its own direction and leaves ours alone
     * (issue 12, item 9): isolated, the sentence still reads left to right; bare, it would turn around.
     */
    @Test
    void aRightToLeftNameCannotTurnOurSentenceAround() {
        String line = print(new ClientEvent.RequestReceived("ab12cd", "\u0633\u0627\u0631\u0629")).get(0);
        assertEquals(0, new Bidi(line, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT).getBaseLevel(), line);
        assertEquals(1, new Bidi(line.replace("\u2068", "").replace("\u2069", ""),
                Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT).getBaseLevel(), "without the isolate it would");
    }

    private static List<String> print(ClientEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EventPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8)).onEvent(event);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
