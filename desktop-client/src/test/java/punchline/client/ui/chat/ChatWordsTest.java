package punchline.client.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The core's reasons in the chat's words: no raw exception text, no chained colons, the peer by name. */
class ChatWordsTest {

    @Test
    void endedChatsAreWordedWithoutRawErrorsOrChainedColons() {
        assertEquals("the connection to Bob broke", ChatWords.ended("Bob", "the connection broke: Broken pipe"));
        assertEquals("Bob closed the chat", ChatWords.ended("Bob", "the peer left: the chat was closed"));
        assertEquals("Bob closed Punchline", ChatWords.ended("Bob", "the peer left: closed Punchline"));
        assertEquals("Bob left the chat", ChatWords.ended("Bob", "the peer left: <b>whatever they typed</b>"));
        assertEquals("you closed the chat", ChatWords.ended("Bob", "the chat was closed"));
        assertEquals("no answer from Bob for 25 s", ChatWords.ended("Bob", "no answer from the peer for 25 s"));
        assertEquals("Bob's computer sent something unreadable",
                ChatWords.ended("Bob", "the peer sent something unreadable: bad frame"));
        assertEquals("The connection to Bob broke.", ChatWords.sentence(ChatWords.ended("Bob",
                "the connection broke: Connection reset")));
    }

    @Test
    void otherReasonsKeepOneColonAtMost() {
        String phrase = ChatWords.phrase("Carol", "timed out after 10 s: the routers did not let a direct"
                + " connection through to Carol (13 attempts)");
        assertEquals("timed out after 10 s — the routers did not let a direct connection through to Carol"
                + " (13 attempts)", phrase);
        assertFalse(("Could not connect to Carol: " + phrase).matches(".*:.*:.*"));
    }
}
