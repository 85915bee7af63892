package punchline.client.console;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import punchline.client.net.Contacts;
import punchline.client.store.Delivery;
import punchline.client.store.Direction;
import punchline.client.store.HistoryPage;
import punchline.client.store.StoredMessage;
import punchline.protocol.UserId;
import punchline.protocol.UserKey;

/** The console's words for contacts and a chat's history ({@code contacts}, {@code history}). */
final class ContactsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private ContactsView() {
    }

    static String describe(List<Contacts.Entry> contacts) {
        if (contacts.isEmpty()) {
            return "No contacts yet: everyone you chat with becomes one.";
        }
        StringBuilder text = new StringBuilder("Your contacts:");
        for (Contacts.Entry entry : contacts) {
            text.append("\n  ").append(entry.contact().displayName())
                    .append(entry.contact().nickname() == null ? "" : " (calls themself " + entry.contact().name() + ")")
                    .append("  ID ").append(UserId.shortForm(entry.contact().id()))
                    .append("  ").append(entry.online() ? "online as " + entry.key() : "offline, last seen "
                            + TIME.format(entry.contact().lastSeen()))
                    .append("  ").append(entry.contact().trust().name().toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }

    /** The contact {@code who} names: a key of someone online, a whole ID, or the start of one (4+ characters). */
    static Contacts.Entry find(List<Contacts.Entry> contacts, String who) {
        String wanted = who.strip().toLowerCase(Locale.ROOT).replace("-", "");
        if (UserKey.isValid(wanted)) {
            for (Contacts.Entry entry : contacts) {
                if (wanted.equals(entry.key())) {
                    return entry;
                }
            }
        }
        Contacts.Entry found = null;
        for (Contacts.Entry entry : contacts) {
            if (wanted.length() >= 4 && entry.contact().id().startsWith(wanted)) {
                if (found != null) {
                    throw new IllegalArgumentException("more than one contact's ID starts with " + who.strip()
                            + ": give more of it");
                }
                found = entry;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no contact " + who.strip() + " (see contacts)");
        }
        return found;
    }

    static String describe(Contacts.Entry contact, HistoryPage page) {
        StringBuilder text = new StringBuilder("History with " + contact.contact().displayName() + " (ID "
                + UserId.shortForm(contact.contact().id()) + ")" + (page.hasOlder() ? ", latest messages:" : ":"));
        if (page.messages().isEmpty()) {
            text.append("\n  (no messages)");
        }
        for (StoredMessage message : page.messages()) {
            boolean in = message.direction() == Direction.IN;
            text.append("\n  ").append(TIME.format(message.storedAt())).append("  ")
                    .append(in ? contact.contact().displayName() : "you").append(": ").append(message.text());
            if (message.delivery() == Delivery.FAILED) {
                text.append("  (not delivered)");
            } else if (message.delivery() == Delivery.PENDING) {
                text.append("  (not confirmed yet)");
            }
        }
        return text.toString();
    }
}
