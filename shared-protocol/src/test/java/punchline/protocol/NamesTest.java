package punchline.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A name shows what it is: one normal form, plain spaces, nothing invisible (issue 12, item 9). */
class NamesTest {

    @Test
    void namesOfEveryScriptAndEmojiAreKept() {
        for (String name : new String[] {"Ann", "سارة", "Åsa Öberg", "李小龙", "Zoë 🙂", "O'Brien-Smith"}) {
            assertEquals(name, Names.userName(name));
        }
    }

    @Test
    void oneNormalFormAndOnePlainSpace() {
        assertEquals("Caf\u00e9", Names.userName("Cafe\u0301"), "NFC: the accent composed");
        assertEquals("Ann Lee", Names.userName("\u3000Ann\u00a0\u2003 Lee\u202f"), "every kind of space, once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bob\u200b", "\u202eboB", "Bob\u200d", "\u2066Bob\u2069", "Bob\u00ad", "Bob\ufeff",
        "Bob\ufe0f", "\u3164", "Bob\u115f", "B\u034fob", "Bob\u2800", "Bob\ue000", "Bob\u0378", "Bob\ud800",
        "Bob\u0007", "Bob\u2028", "Bob\udb40\udc01"})
    void invisibleAndControlCharactersAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Names.userName(name));
        assertTrue(e.getMessage().contains("field 'name'"), e.getMessage());
    }

    @Test
    void emptyAndTooLongAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Names.userName(" \u00a0 "));
        assertThrows(IllegalArgumentException.class, () -> Names.userName("x".repeat(33)));
        assertEquals(32, Names.userName("e\u0301".repeat(32)).length(), "counted after the accents are composed");
    }
}
