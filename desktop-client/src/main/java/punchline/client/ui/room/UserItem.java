package punchline.client.ui.room;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import punchline.client.store.Contact;

/**
 * One row of the people list: someone in the room now (with a key), or a contact who is not (no key).
 * A contact is matched by their verified ID, never by name.
 */
final class UserItem {
    /** Their key today, or null for a contact who is offline. */
    final String key;
    /** The name they use (a contact's row: the user's nickname for them if any). */
    final String name;
    /** Their verified ID, or null (an old server that sends none). */
    final String id;
    /** The contact with this ID, or null when they are not one. */
    final ObjectProperty<Contact> contact = new SimpleObjectProperty<>();
    final ObjectProperty<PeerState> state = new SimpleObjectProperty<>(PeerState.IDLE);
    /** Why the state is what it is, when that needs saying (a failure's reason). */
    final StringProperty detail = new SimpleStringProperty("");
    /** Why the last connection went through the relay, or empty. */
    final StringProperty relayReason = new SimpleStringProperty("");
    /** A warning that stays for the session (a changed certificate, a contact's name on a stranger), or empty. */
    final StringProperty warning = new SimpleStringProperty("");
    /** The warning in two or three words, under the name. */
    final StringProperty warningShort = new SimpleStringProperty("certificate changed");
    /** A chat with this person is open and live (under another key, after the server restarted). */
    final BooleanProperty chatting = new SimpleBooleanProperty(false);

    /** Rows are made in the order people arrive: it keeps their order within a group of the list. */
    private static long made;
    /** When this row was made, relative to the others (FX thread only). */
    final long arrival = made++;

    UserItem(String key, String name, String id) {
        this.key = key;
        this.name = name;
        this.id = id;
    }

    /** A row for a contact who is not in the room. */
    static UserItem offline(Contact contact) {
        UserItem item = new UserItem(null, contact.displayName(), contact.id());
        item.contact.set(contact);
        return item;
    }

    boolean isOnline() {
        return key != null;
    }

    boolean isContact() {
        return contact.get() != null;
    }

    /** Online contacts first, then the others in the room, then contacts who are offline. */
    int rank() {
        return isOnline() ? (isContact() ? 0 : 1) : 2;
    }
}
