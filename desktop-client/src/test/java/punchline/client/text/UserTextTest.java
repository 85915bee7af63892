package punchline.client.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UserTextTest {

    @Test
    void aNameIsIsolatedFromTheSentenceAroundIt() {
        assertEquals("\u2068سارة\u2069 wants to chat with you", UserText.isolate("سارة") + " wants to chat with you");
        assertEquals("\u2068Bob\u2069", UserText.isolate("Bob"));
    }

    @Test
    void marksDoTheSameInALeftToRightSentence() {
        assertEquals("\u200Eسارة\u200E wants to chat with you",
                UserText.isolateWithMarks("سارة") + " wants to chat with you");
        assertEquals("\u200Eevil name\u200E", UserText.isolateWithMarks("evil\u2069 \u202Ename"));
        // What the marks are for: the sentence reads left to right, the name keeps its own direction.
        java.text.Bidi bidi = new java.text.Bidi(UserText.isolateWithMarks("سارة") + " wants to chat",
                java.text.Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
        assertEquals(0, bidi.getBaseLevel());
        java.text.Bidi bare = new java.text.Bidi("سارة wants to chat", java.text.Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
        assertEquals(1, bare.getBaseLevel(), "without them the sentence turns right to left");
    }

    @Test
    void directionControlsInsideTheTextCannotEscapeTheIsolate() {
        // A PDI would end our isolate early; an RLO would turn the rest of the sentence around.
        assertEquals("\u2068evil name\u2069", UserText.isolate("evil\u2069 \u202Ename\u202C"));
        assertEquals("ab", UserText.withoutDirectionControls("\u2066a\u2067b\u2068"));
        assertEquals("", UserText.withoutDirectionControls(null));
    }

    @Test
    void lengthCountsWhatPeopleSeeAsCharacters() {
        assertEquals(3, UserText.length("a😀b"));
        assertEquals(0, UserText.length(null));
        assertEquals("😀", UserText.initial("😀 smile"));
        assertEquals("س", UserText.initial("\u202Bسارة"));
        assertEquals("?", UserText.initial(" "));
    }
}
