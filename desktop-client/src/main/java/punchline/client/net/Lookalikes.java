package punchline.client.net;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/**
 * Whether two names look the same to a person: the same "skeleton" after dropping what does not show
 * (zero-width and other default-ignorable characters, bidi controls), folding compatibility forms and case
 * (NFKC case fold: "ＡＬＩＣＥ" is "alice") and mapping each character to its prototype among the ones it
 * can be confused with (Unicode's confusables, UTS #39, through ICU4J's {@link SpoofChecker}: Cyrillic
 * "а" and Latin "a", "rn" and "m"). Names are chosen by people and never verified: this only tells a
 * newcomer who looks like a contact apart from the contact, it never makes anyone a contact. Thread-safe.
 */
final class Lookalikes {
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();
    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();

    private Lookalikes() {
    }

    /** The form two names share when they look alike. */
    static String skeleton(String name) {
        StringBuilder visible = new StringBuilder(name.length());
        name.codePoints()
                .filter(c -> !UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                        && !UCharacter.hasBinaryProperty(c, UProperty.BIDI_CONTROL)
                        && !UCharacter.isWhitespace(c) || c == ' ')
                .forEach(visible::appendCodePoint);
        String folded = FOLD.normalize(visible.toString().strip().replaceAll(" +", " "));
        return CHECKER.getSkeleton(folded);
    }

    /** Whether {@code a} and {@code b} would look the same on screen. */
    static boolean lookAlike(String a, String b) {
        return skeleton(a).equals(skeleton(b));
    }
}
