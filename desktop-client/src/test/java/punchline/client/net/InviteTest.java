package punchline.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import punchline.protocol.UserId;

/** An invite as a link and as text, read back; and what a hostile paste cannot make the app do. */
class InviteTest {
    private static final String FINGERPRINT = "ab".repeat(32);
    private static final String ID = Identity.generate().id();

    private static Invite invite() {
        return new Invite(ServerAddress.parse("chat.example.org:4444#" + FINGERPRINT), "book club", ID, "Ann");
    }

    @Test
    void theLinkAndTheTextReadBackAsTheSameInvite() {
        Invite invite = invite();
        assertTrue(invite.link().startsWith("punchline://join?server=chat.example.org%3A4444&fingerprint="
                + FINGERPRINT + "&room=book+club&id=" + ID), invite.link());
        assertEquals(invite, Invite.parse(invite.link()));
        assertEquals(invite, Invite.parse("  Hi! here is my invite: " + invite.link() + " see you\n"));
        String text = invite.text();
        assertTrue(text.contains("Server: chat.example.org:4444\n"), text);
        assertTrue(text.contains("Room: book club\n"), text);
        assertTrue(text.contains("ID: " + UserId.readable(ID) + "\n"), text);
        assertEquals(invite, Invite.parse(text));
        String withoutLink = text.substring(0, text.indexOf("punchline://"));
        Invite typed = Invite.parse(withoutLink); // the text alone, as someone may type it: no name in it
        assertEquals(new Invite(invite.server(), "book club", ID, null), typed);
    }

    @Test
    void whatIsNotAnInviteIsRefusedInWords() {
        String link = invite().link();
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link + "x".repeat(Invite.MAX_CHARS)));
        assertEquals("the invite does not name the server's certificate", assertThrows(IllegalArgumentException.class,
                () -> Invite.parse(link.replace("&fingerprint=" + FINGERPRINT, ""))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link.replace(FINGERPRINT, "12")));
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link + "&room=other"), "a field twice");
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link + "&relay=evil.example"), "unknown field");
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link.replace(ID, "not-an-id")));
        assertThrows(IllegalArgumentException.class, () -> Invite.parse("punchline://run?x=1"));
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link.replace("%25", "%")
                .replace("chat.example.org%3A4444", "%zz")), "a broken escape");
    }

    @Test
    void onlyOneHostAndPortIsEverDialled() {
        String link = invite().link();
        for (String server : new String[] {"a.example%2Cb.example", "evil.example%3A1%23" + FINGERPRINT, "a%20b:1",
                "a.example%2Fpath", "%E2%80%AEexample.org", "user%40host:22", "-x.example"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> Invite.parse(link.replace("chat.example.org%3A4444", server)), server);
        }
        assertEquals("[::1]:3333", Invite.parse(link.replace("chat.example.org%3A4444", "%5B%3A%3A1%5D%3A3333"))
                .server().name());
    }

    @Test
    void namesAndRoomsAreCheckedAsTheProtocolChecksThem() {
        String link = invite().link();
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link.replace("room=book+club",
                "room=" + "r".repeat(40))));
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link.replace("name=Ann",
                "name=A%E2%80%8Bnn")), "a zero-width space in the name");
        assertThrows(IllegalArgumentException.class, () -> Invite.parse(link.replace("room=book+club",
                "room=book%E2%80%AEclub")), "a bidi override in the room");
    }
}
