package punchline.client.ui.room;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of the user list. */
final class UserItem {
    final String key;
    final String name;
    final ObjectProperty<PeerState> state = new SimpleObjectProperty<>(PeerState.IDLE);
    /** Why the state is what it is, when that needs saying (a failure's reason). */
    final StringProperty detail = new SimpleStringProperty("");
    /** Why the last connection went through the relay, or empty. */
    final StringProperty relayReason = new SimpleStringProperty("");
    /** A warning that stays for the session (a changed certificate), or empty. */
    final StringProperty warning = new SimpleStringProperty("");

    UserItem(String key, String name) {
        this.key = key;
        this.name = name;
    }
}
