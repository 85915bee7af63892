package punchline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one sanitiser between the network and a terminal or a log. */
class SafeTextTest {

    @Test
    void plainTextOfAnyScriptIsKeptAsItIs() {
        String text = "Grüße, سارة, 日本, 👨‍👩‍👧 and a\ttab";
        assertSame(text, SafeText.line(text), "nothing to change: the same string, no copy");
        assertEquals(text, SafeText.block(text, "  "));
    }

    @Test
    void escapeSequencesAndControlsAreShownNotSent() {
        assertEquals("hi \\u001b]0;pwned\\u0007\\u001b[2J", SafeText.line("hi \u001b]0;pwned\u0007\u001b[2J"));
        assertEquals("\\u009b31m \\u007f \\u0000", SafeText.line("\u009b31m \u007f \u0000"), "C1 CSI, DEL, NUL");
    }

    @Test
    void onOneLineALineEndIsShownAsAnEscape() {
        assertEquals("a\\r\\nSEVERE forged\\u2028b\\u0085c", SafeText.line("a\r\nSEVERE forged\u2028b\u0085c"));
    }

    @Test
    void inABlockEveryLineEndStartsAnIndentedLine() {
        assertEquals("one\n    two\n    three\n    four\n    five",
                SafeText.block("one\r\ntwo\nthree\rfour\u2029five", "    "));
        assertThrows(IllegalArgumentException.class, () -> SafeText.block("a\nb", ""), "no line may start bare");
    }

    @Test
    void directionControlsAreShownSoTheyCannotReorderTheLine() {
        assertEquals("\\u202eevil\\u202c \\u2066x\\u2069 \\u200f", SafeText.line("\u202eevil\u202c \u2066x\u2069 \u200f"));
    }

    @Test
    void anUnpairedSurrogateBecomesTheReplacementCharacter() {
        assertEquals("a\uFFFDb\uFFFD 😀", SafeText.line("a\uD800b\uDC00 😀"));
    }

    @Test
    void userTextIsIsolatedLineByLine() {
        assertEquals("\u2068سارة\u2069", SafeText.isolate("سارة"));
        assertEquals("\u2068a\\u2069b\u2069", SafeText.isolate("a\u2069b"), "its own PDI cannot close our isolate");
        assertEquals("\u2068one\u2069\n  \u2068two\u2069", SafeText.isolateBlock("one\ntwo", "  "));
        assertEquals("", SafeText.line(null));
    }
}
