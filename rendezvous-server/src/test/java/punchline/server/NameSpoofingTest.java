package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ErrorCode;
import punchline.protocol.ServerMessage.UserJoined;

/**
 * A name shows what it is (issue 12, item 9): no invisible character, no bidi control, one normal form;
 * a fingerprint is ASCII hex. The server refuses what would let one user pass for another.
 */
@Tag("hostile")
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NameSpoofingTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Bob\\u200b",         // zero-width space: "Bob" twice in the room
        "\\u202eboB",         // right-to-left override: shows as "Bob"
        "B\\u2066ob\\u2069",  // an isolate
        "Bob\\ufe0f",         // a variation selector
        "\\u3164Bob",         // a Hangul filler, which shows as nothing
        "Bob\\u00ad",         // a soft hyphen
        "\\ud800Bob"          // half a surrogate pair
    })
    void aNameWithInvisibleCharactersIsRefused(String name) {
        RawClient bystander = loopback.join("Bystander");
        RawClient spoofer = loopback.connect();
        spoofer.sendRaw("{\"type\":\"hello\",\"version\":1,\"name\":\"" + name + "\",\"privateEndpoints\":[]}\n");
        assertTrue(spoofer.expectError(ErrorCode.INVALID_MESSAGE).message().contains("'name'"));
        spoofer.expectClosed();
        bystander.sync(); // nobody joined
    }

    @Test
    void aNameIsNormalisedSoTheSameLettersAreTheSameName() {
        RawClient bystander = loopback.join("Bystander");
        RawClient cafe = loopback.connect();
        // "Café" written with a combining accent, and odd spaces between the words
        cafe.sendRaw("{\"type\":\"hello\",\"version\":1,\"name\":\"Cafe\\u0301\\u00a0\\u2003Bar \",\"privateEndpoints\":[],"
                + "\"id\":\"" + cafe.id() + "\"}\n");
        cafe.expect(punchline.protocol.ServerMessage.Welcome.class);
        assertEquals("Caf\u00e9 Bar", bystander.expect(UserJoined.class).user().name());
        assertEquals(List.of("Caf\u00e9 Bar"), loopback.server().users().stream()
                .filter(user -> !user.name().equals("Bystander")).map(UserSummary::name).toList());
    }

    @Test
    void aFingerprintIsAsciiHex() {
        RawClient spoofer = loopback.connect();
        String arabicIndicDigits = "\\u0660".repeat(64); // Character.digit reads each as 0
        spoofer.sendRaw("{\"type\":\"hello\",\"version\":1,\"name\":\"Eve\",\"privateEndpoints\":[],\"fingerprint\":\""
                + arabicIndicDigits + "\"}\n");
        assertTrue(spoofer.expectError(ErrorCode.INVALID_MESSAGE).message().contains("fingerprint"));
    }
}
