package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import punchline.client.store.LocalStore;
import punchline.client.store.Trust;
import punchline.common.CertifiedKey;

/**
 * Trust keyed on the ID, never on a name: a new ID using a contact's name, exactly or in a look-alike
 * (zero-width and bidi characters, other scripts' letters, compatibility forms), is recognised as someone
 * else and inherits nothing. Without sockets: the core's side of the contacts, on a store in memory.
 */
class ContactsTest {
    private final ExecutorService storeThread = Threads.single("test-store");
    private final ExecutorService core = Threads.single("test-core");
    private final EventDispatcher events = new EventDispatcher();
    private final Contacts contacts = new Contacts(storeThread, core, events, id -> null);
    private final String alice = CertifiedKey.generate("a").id();
    private final String stranger = CertifiedKey.generate("s").id();
    private final String fingerprint = "a".repeat(64);

    @BeforeEach
    void aliceIsAVerifiedContact() throws Exception {
        contacts.load(LocalStore.inMemory());
        onCore(() -> contacts.verified(alice, "Alice", fingerprint));
    }

    @AfterEach
    void stop() {
        Threads.shutDown(core);
        Threads.shutDown(storeThread);
        events.stop();
    }

    private void onCore(Runnable task) throws Exception {
        core.submit(task).get(5, TimeUnit.SECONDS);
    }

    private Contacts.Recognition recognize(String id, String name) throws Exception {
        return core.submit(() -> contacts.recognize(id, name)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theContactsOwnIdIsKnownWhateverNameItUsesNow() throws Exception {
        Contacts.Recognition seen = recognize(alice, "Alice on her new laptop");
        assertTrue(seen.known());
        assertFalse(seen.impersonates());
    }

    @Test
    void aNewIdUsingTheSameNameIsSomeoneElse() throws Exception {
        Contacts.Recognition seen = recognize(stranger, "Alice");
        assertFalse(seen.known());
        assertTrue(seen.impersonates());
        assertTrue(seen.sameName());
        assertEquals(alice, seen.nameOf().id());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "Alice\u200b",          // zero-width space
            "\u200dAl\u200cice",     // zero-width joiner and non-joiner
            "Ali\u00adce",           // soft hyphen
            "\u2067Alice\u2069",     // bidi isolate around it
            "Alice\u200f",           // right-to-left mark
            "\u0410lice",            // Cyrillic A
            "Al\u0456ce",            // Cyrillic i
            "\uff21lice",            // fullwidth A
            "ALICE",                 // case
            "A1ice",                 // digit one for l
            "Alice ",                // trailing space
    })
    void aLookAlikeOfTheNameIsSomeoneElseToo(String name) throws Exception {
        Contacts.Recognition seen = recognize(stranger, name);
        assertTrue(seen.impersonates(), name + " must be recognised as looking like Alice");
        assertEquals(alice, seen.nameOf().id());
    }

    @Test
    void anotherNameIsAStrangerAndAContactsNicknameCountsToo() throws Exception {
        assertNull(recognize(stranger, "Alicia").nameOf());
        assertEquals(Boolean.TRUE, contacts.rename(alice, "Ally").get(5, TimeUnit.SECONDS));
        assertTrue(recognize(stranger, "A\u200blly").impersonates(), "the user's own name for her, too");
    }

    @Test
    void aNewIdNeverInheritsTheContactsTrust() throws Exception {
        onCore(() -> contacts.seen(stranger, "Alice\u200b", "b".repeat(64)));
        var list = contacts.list().get(5, TimeUnit.SECONDS);
        assertEquals(2, list.size());
        for (Contacts.Entry entry : list) {
            assertEquals(entry.contact().id().equals(alice) ? Trust.VERIFIED : Trust.UNVERIFIED,
                    entry.contact().trust(), entry.toString());
        }
        assertTrue(recognize(stranger, "Alice").known(), "from now on a contact of their own, told apart by ID");
    }
}
